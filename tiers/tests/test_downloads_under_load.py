"""all.zip arrives whole over a real server while other readers use the API at the same time."""

import base64
import hashlib
import io
import threading
import urllib.request
import zipfile

import pytest

from tiers.tests.factories import CommitmentFactory, StatementFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db(transaction=True)
DOWNLOADS = 4
READERS = 3


def get(url: str):
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (the live server)
        return response.status, dict(response.headers), response.read()


def test_concurrent_zip_downloads_under_api_load_arrive_whole(live_server):
    for _ in range(12):
        commitment = CommitmentFactory()
        StatusChangeFactory(commitment=commitment)
        StatementFactory(commitments=[commitment], tiers=[commitment.tier])
    zip_url = f"{live_server.url}/downloads/all.zip"
    assert get(zip_url)[0] == 200  # the first build

    stop = threading.Event()
    api_statuses, downloads = [], []

    def read_the_api():
        paths = ["/api/v1/commitments/", "/api/v1/statements/", "/api/v1/actors/"]
        n = 0
        while not stop.is_set():
            api_statuses.append(get(live_server.url + paths[n % len(paths)])[0])
            n += 1

    def download():
        downloads.append(get(zip_url))

    readers = [threading.Thread(target=read_the_api) for _ in range(READERS)]
    fetchers = [threading.Thread(target=download) for _ in range(DOWNLOADS)]
    for thread in readers + fetchers:
        thread.start()
    for thread in fetchers:
        thread.join(timeout=60)
    stop.set()
    for thread in readers:
        thread.join(timeout=60)

    assert len(downloads) == DOWNLOADS
    assert api_statuses and set(api_statuses) == {200}
    for status, headers, data in downloads:
        assert status == 200
        assert int(headers["Content-Length"]) == len(data)
        checksum = base64.b64encode(hashlib.sha256(data).digest()).decode()
        assert headers["Repr-Digest"] == f"sha-256=:{checksum}:"
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert archive.testzip() is None
        assert archive.read("commitments.csv").count(b"\n") == 13
    assert len({data for _, _, data in downloads}) == 1  # one build, the same bytes for all
