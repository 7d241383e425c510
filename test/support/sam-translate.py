"""Translates a SAM template to CloudFormation with the AWS SAM translator (aws-sam-translator, pinned in
requirements-moto.txt), locally, the way CloudFormation's AWS::Serverless-2016-10-31 transform does.

usage: python sam-translate.py <template.yaml> [Name=Value ...] [--drop=Dotted.Path ...]
       -> prints the CloudFormation template as JSON (--drop removes a key first: tests show a check can fail)

The template is read with cfn-lint's YAML decoder (short-form intrinsics such as !Sub become {"Fn::Sub": ...}). The
managed-policy loader is a stub: the templates here name no AWS managed policy by name, so no IAM call is needed
(the real loader would call iam:ListPolicies).
"""
import json
import os
import sys

from cfnlint.decode import cfn_yaml
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    def load(self):
        return {}


def plain(value):
    # cfn-lint's decoder returns str/dict subclasses that carry line numbers; the translator wants plain types.
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def main():
    # The translator asks a boto3 session for the region; no AWS call is made.
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    template = plain(cfn_yaml.load(sys.argv[1]))
    for arg in sys.argv[2:]:
        if arg.startswith("--drop="):
            *parents, key = arg[len("--drop="):].split(".")
            node = template
            for p in parents:
                node = node[p]
            del node[key]
    # `sam build` + `sam package` upload each function's local CodeUri and put the S3 location in its place before
    # CloudFormation runs the transform; do the same (the translator accepts only s3:// code locations).
    for name, resource in template.get("Resources", {}).items():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            if not props["CodeUri"].startswith("s3://"):
                props["CodeUri"] = f"s3://sam-artifacts/{name}.zip"
    # The pseudo parameters CloudFormation passes to the transform (the translator reads the region from them).
    params = {"AWS::Region": "eu-west-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"}
    params.update(arg.split("=", 1) for arg in sys.argv[2:] if not arg.startswith("--"))
    out = transform(template, params, NoManagedPolicies())
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
