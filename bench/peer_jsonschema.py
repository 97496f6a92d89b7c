#!/usr/bin/python3
"""The benchmark's peers' side of plan check: schema validation only.

    peer_jsonschema.py validate LEDGER   every event file of LEDGER against
                                         schemas/event.schema.yaml with
                                         Python's jsonschema, in one process
    peer_jsonschema.py to-json LEDGER DIR  the same files as JSON under DIR,
                                         for ajv-cli (done once, untimed)

PyYAML reads YAML 1.1, where 2019-04-12 is a date object, not a string;
the loader here leaves such scalars as strings (the YAML 1.2 reading the
plan tools use), so valid events pass. Exit status 1 when a file is
invalid, with the first few problems on stderr.
"""
import json
import os
import sys

import yaml
from jsonschema import Draft202012Validator, FormatChecker

try:
    BaseLoader = yaml.CSafeLoader
except AttributeError:
    BaseLoader = yaml.SafeLoader


class Loader(BaseLoader):
    """A safe loader that leaves timestamps as strings."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in BaseLoader.yaml_implicit_resolvers.items()
}


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Loader)


def event_files(ledger):
    root = os.path.join(ledger, "records", "events")
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".yaml"):
                yield os.path.join(folder, name)


def validator(ledger):
    """The event schema, with common.schema.yaml resolvable by its relative name."""
    schemas = os.path.abspath(os.path.join(ledger, "schemas"))
    base = "file://" + schemas + "/"
    event = load(os.path.join(schemas, "event.schema.yaml"))
    common = load(os.path.join(schemas, "common.schema.yaml"))
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        event = dict(event, **{"$id": base + "event.schema.yaml"})
        registry = Registry().with_resource(
            base + "common.schema.yaml", Resource.from_contents(common, DRAFT202012)
        )
        return Draft202012Validator(event, registry=registry, format_checker=FormatChecker())
    except ImportError:
        from jsonschema import RefResolver

        resolver = RefResolver(
            base + "event.schema.yaml", event, store={base + "common.schema.yaml": common}
        )
        return Draft202012Validator(event, resolver=resolver, format_checker=FormatChecker())


def validate(ledger):
    v = validator(ledger)
    n = bad = 0
    for path in event_files(ledger):
        n += 1
        errors = list(v.iter_errors(load(path)))
        if errors:
            bad += 1
            if bad <= 5:
                print("%s: %s" % (path, errors[0].message), file=sys.stderr)
    print("%d files, %d invalid" % (n, bad))
    return 1 if bad else 0


def to_json(ledger, out):
    n = 0
    for path in event_files(ledger):
        rel = os.path.relpath(path, ledger)
        dst = os.path.join(out, os.path.splitext(rel)[0] + ".json")
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "w", encoding="utf-8") as f:
            json.dump(load(path), f, ensure_ascii=False)
        n += 1
    for name in ("event", "common"):
        schema = load(os.path.join(ledger, "schemas", name + ".schema.yaml"))
        # ajv resolves "common.schema.yaml#/..." against the schema's $id.
        schema = dict({"$id": "https://example.org/plan/schemas/%s.schema.yaml" % name}, **schema)
        with open(os.path.join(out, name + ".schema.json"), "w", encoding="utf-8") as f:
            json.dump(schema, f, ensure_ascii=False)
    print("%d files" % n)
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "validate":
        return validate(argv[2])
    if len(argv) == 4 and argv[1] == "to-json":
        return to_json(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
