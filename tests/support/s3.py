"""A real S3 API on 127.0.0.1: moto's server in a process of its own, and a fresh bucket per test."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError

from tests.support.processes import free_port, stop

# moto accepts any credentials; boto3 only needs some to sign with.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}

# A test marked so runs once with photos in the folder, once in S3 (PHOTO_STORE=s3://…).
BOTH_PHOTO_STORES = pytest.mark.parametrize("photo_store", ["folder", "s3"], indirect=True)


class MotoServer:
    def __init__(self, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.buckets = itertools.count(1)

    def __enter__(self) -> MotoServer:
        words = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(words, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.client = boto3.client("s3", endpoint_url=self.url, **_keyword_credentials())
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client.list_buckets()
                return self
            except EndpointConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.1)

    def __exit__(self, *exc_info: object) -> None:
        stop(self.process)

    def new_bucket(self) -> str:
        name = f"ketpaar-photos-{next(self.buckets)}"
        self.client.create_bucket(Bucket=name)
        return name


def _keyword_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        "region_name": CREDENTIALS["AWS_DEFAULT_REGION"],
    }
