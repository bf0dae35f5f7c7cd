"""data/data.json and data/datapackage.json without a site URL, agency or e-mail: still a valid
DCAT-US catalog (links relative to /data/, the site name as publisher, no hasEmail)."""

from __future__ import annotations

import json

from gongkai.model.records import Catalog
from gongkai.render.data_catalog import DATAPACKAGE_FILE, DCAT_FILE, catalog_files
from gongkai.types import BY_KEY
from tests.support.dcat import dcat_errors
from tests.support.helpers import record_data
from tests.support.publish_data import TODAY


def test_a_site_without_url_agency_or_email_still_gives_a_valid_catalog():
    one = record_data("documents", "only", publish_date="2024-05-06", signed_date="2024-05-01")
    files = catalog_files(Catalog([(BY_KEY["documents"], one)], TODAY), {}, site_url="", site_name="某局网站", extra={})
    catalog = json.loads(files[DCAT_FILE])
    assert dcat_errors(catalog) == []
    documents = catalog["dataset"][0]
    assert documents["publisher"]["name"] == "某局网站" and documents["contactPoint"] == {
        "@type": "vcard:Contact",
        "fn": "某局网站",
    }
    assert documents["distribution"][0]["downloadURL"] == "../data/documents.json"
    assert documents["modified"] == "2024-05-06" and "modified" not in catalog["dataset"][1]  # no interpretations
    package = json.loads(files[DATAPACKAGE_FILE])
    assert package["name"] == "gongkai-open-data" and package["homepage"] == "../open-data/"
    assert [r["path"] for r in package["resources"]] == [
        "documents.csv",
        "decisions.csv",
        "consultations.csv",
        "powers.csv",
    ]
