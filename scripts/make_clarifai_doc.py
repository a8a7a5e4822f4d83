#!/usr/bin/env python3
"""Writes a large synthetic Clarifai evaluation document (README format 4) for benchmarks.

    scripts/make_clarifai_doc.py OUT.json [--inputs 200000] [--concepts 20] [--seed 1]
                                 [--mode exclusive|multilabel] [--metadata-last] [--camel]

The document is GetModelVersionMetrics' response shape (`{"model_version":{"metrics":{...}}}`)
with `test_set` entries listing every concept they score above zero (scores with 17 significant
digits, some zeros left out as the API does), ground truth, an image URL and image_info sizes,
and `summary` and `binary_metrics`. `--metadata-last` puts `summary` and `binary_metrics` after
`test_set`, `--camel` writes lowerCamelCase keys (protobuf's JSON default). It is written as it
is generated, so any size fits in a few MB of memory.
"""
import argparse
import json
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--inputs", type=int, default=200_000)
    parser.add_argument("--concepts", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["exclusive", "multilabel"], default="exclusive")
    parser.add_argument("--metadata-last", action="store_true")
    parser.add_argument("--camel", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def key(snake):
        if not args.camel:
            return snake
        first, *rest = snake.split("_")
        return first + "".join(part[:1].upper() + part[1:] for part in rest)

    concepts = [{"id": f"c{c:03d}", "name": f"concept {c} \u00e9\u732b"} for c in range(args.concepts)]
    metadata = {
        "summary": {"macro_avg_roc_auc": 0.9, "macro_avg_f1_score": 0.5},
        key("binary_metrics"): [{"concept": concepts[0], "roc_auc": 0.9}],
    }

    def entry(n):
        truth = rng.randrange(args.concepts)
        labels = [truth] if args.mode == "exclusive" else [c for c in range(args.concepts) if rng.random() < 0.15] or [truth]
        predicted = []
        for c in range(args.concepts):
            score = min(1.0, max(0.0, rng.gauss(0.7 if c in labels else 0.3, 0.2)))
            if score < 0.02:  # the API omits zeros
                continue
            predicted.append({"id": concepts[c]["id"], "name": concepts[c]["name"], "value": score})
        return {
            "input": {"id": f"input-{n:08d}", "data": {"image": {
                "url": f"https://example.invalid/{n}.jpg",
                key("image_info"): {"width": rng.choice([256, 640, 1024]), "height": rng.choice([256, 480, 768])}}}},
            key("predicted_concepts"): predicted,
            key("ground_truth_concepts"): [{"id": concepts[c]["id"], "name": concepts[c]["name"], "value": 1} for c in labels],
        }

    with open(args.out, "w", encoding="utf-8") as out:
        out.write('{"status":{"code":10000,"description":"Ok"},"%s":{"id":"v1","metrics":{' % key("model_version"))
        if not args.metadata_last:
            out.write(json.dumps(metadata, ensure_ascii=False)[1:-1] + ",")
        out.write('"%s":[\n' % key("test_set"))
        for n in range(args.inputs):
            out.write(("," if n else "") + json.dumps(entry(n), ensure_ascii=False) + "\n")
        out.write("]")
        if args.metadata_last:
            out.write("," + json.dumps(metadata, ensure_ascii=False)[1:-1])
        out.write("}}}\n")


if __name__ == "__main__":
    main()
