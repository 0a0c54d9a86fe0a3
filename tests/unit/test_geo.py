"""The shipped municipal boundaries, the TopoJSON decoder, the name lookup and the CBS data-centre file."""

from __future__ import annotations

import hashlib
import json

import pytest

from dshub.geo import (
    BOUNDARIES_FILE,
    GeoDataError,
    boundaries,
    decode_arcs,
    find,
    normalise_name,
    parse_boundaries,
    to_geojson,
)
from dshub.geo.centres import CENTRES_FILE, load_data_centres, parse_data_centres
from dshub.services.workshops import MUNICIPALITY_NAMES

SHA256 = "12f0da7537f29582ae20ba43713cf7291dcc61bfbe81914febbbf95b3945d077"
NL_BBOX = (3.358, 50.751, 7.218, 53.554)  # lon/lat bounds stated in the file's provenance


def test_file_is_the_copied_one_unchanged():
    assert hashlib.sha256(BOUNDARIES_FILE.read_bytes()).hexdigest() == SHA256


def test_342_municipalities_with_the_names_of_the_municipality_list():
    b = boundaries()
    assert len(b.municipalities) == 342
    listed = [n for n in MUNICIPALITY_NAMES.read_text(encoding="utf-8").splitlines() if n.strip()]
    assert len(listed) == 342 and sorted(b.names) == sorted(listed)
    assert len({m.statcode for m in b.municipalities}) == 342


def test_every_ring_is_closed_and_inside_the_netherlands():
    lo_x, lo_y, hi_x, hi_y = NL_BBOX
    rings = [r for m in boundaries().municipalities for poly in m.polygons for r in poly]
    assert len(rings) >= 342
    for ring in rings:
        assert len(ring) >= 4 and ring[0] == pytest.approx(ring[-1], abs=1e-9)
        assert all(lo_x - 1e-6 <= x <= hi_x + 1e-6 and lo_y - 1e-6 <= y <= hi_y + 1e-6 for x, y in ring)


@pytest.mark.parametrize(
    "name,code,lon,lat",
    [
        ("Groningen", "GM0014", 6.57, 53.22),  # the city: north-east
        ("Maastricht", "GM0935", 5.69, 50.85),  # the far south
        ("Utrecht", "GM0344", 5.10, 52.09),
    ],
)
def test_known_centroids_lie_in_their_municipality(name, code, lon, lat):
    m = find(name)
    assert m is not None and m.statcode == code
    x0, y0, x1, y1 = m.bbox
    cx, cy = m.centroid
    assert x0 < cx < x1 and y0 < cy < y1
    assert cx == pytest.approx(lon, abs=0.15) and cy == pytest.approx(lat, abs=0.1)


def test_decoder_on_a_hand_made_topology():
    # two squares sharing the edge x=1; arc 0 is the shared edge, arcs are delta-encoded and quantized
    topo = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [
            [[2, 0], [0, 2]],  # (11,20) -> (11,21)
            [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (11,21) -> (10,21) -> (10,20) -> (11,20)
            [[2, 0], [2, 0], [0, 2], [-2, 0]],
        ],  # (11,20) -> (12,20) -> (12,21) -> (11,21)
        "objects": {
            "o": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "id": "GM0001",
                        "arcs": [[0, 1]],
                        "properties": {"statcode": "GM0001", "statnaam": "West"},
                    },
                    {
                        "type": "MultiPolygon",
                        "id": "GM0002",
                        "arcs": [[[2, ~0]]],
                        "properties": {"statcode": "GM0002", "statnaam": "Oost"},
                    },
                ],
            }
        },
    }
    assert decode_arcs(topo)[0] == [(11.0, 20.0), (11.0, 21.0)]
    west, east = parse_boundaries(topo, "o").municipalities
    assert west.polygons == ((((11, 20), (11, 21), (10, 21), (10, 20), (11, 20)),),)
    # ~0 is arc 0 reversed; the joining point is written once
    assert east.polygons == ((((11, 20), (12, 20), (12, 21), (11, 21), (11, 20)),),)
    assert east.centroid == pytest.approx((11.5, 20.5))
    geo = to_geojson(topo, "o")
    assert [f["geometry"]["type"] for f in geo["features"]] == ["Polygon", "MultiPolygon"]
    assert geo["features"][1]["geometry"]["coordinates"][0][0][0] == [11.0, 20.0]


def test_geojson_of_the_real_file_has_342_features_with_statcode_ids():
    geo = to_geojson(json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8")), "gemeente_2025")
    assert len(geo["features"]) == 342
    assert all(f["id"] == f["properties"]["statcode"] for f in geo["features"])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Den Haag", "'s-Gravenhage"),
        ("the hague", "'s-Gravenhage"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("sudwest-fryslan", "Súdwest-Fryslân"),
        ("Gemeente Dongen", "Dongen"),
        ("gm0014", "Groningen"),
        ("  EINDHOVEN ", "Eindhoven"),
    ],
)
def test_lookup_by_name_or_code(text, expected):
    assert find(text).name == expected


def test_unknown_names_are_not_guessed_into_a_match():
    assert find("Atlantis") is None and find("") is None and find("GM9999") is None
    assert boundaries().suggest("Eindhovn") == "Eindhoven"
    assert normalise_name("Súdwest-Fryslân") == "sudwest fryslan"


def test_a_broken_topology_is_refused():
    with pytest.raises(GeoDataError):
        parse_boundaries({"type": "FeatureCollection"})


# --------------------------------------------------------------------------- CBS data centres


def test_data_centres_are_sourced_and_placed_on_2025_municipalities():
    centres = load_data_centres()
    assert str(centres.checked) == "2026-12-04"
    by_id = {c.id: c for c in centres.centres}
    assert by_id["eindhoven"].opened == 2016 and by_id["eindhoven"].municipalities[0].statcode == "GM0772"
    assert [p.name for p in by_id["kempen"].municipalities] == [
        "Bergeijk",
        "Bladel",
        "Eersel",
        "Oirschot",
        "Reusel-De Mierden",
    ]
    assert by_id["kempen"].kind == "rural" and by_id["limburg"].kind == "provincial"
    for c in centres.centres:
        assert centres.source_of(c).url.startswith("http")
        for place in c.municipalities:
            assert boundaries().by_statcode(place.statcode).name == place.name


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_data_centre_file_problems_are_named():
    text = CENTRES_FILE.read_text(encoding="utf-8")
    with pytest.raises(GeoDataError, match=r"GM0014 is .Groningen., not .Eindhoven."):
        parse_data_centres(_with(text, "{name: Eindhoven, statcode: GM0772}", "{name: Eindhoven, statcode: GM0014}"))
    with pytest.raises(GeoDataError, match="GM9999"):
        parse_data_centres(_with(text, "statcode: GM0772", "statcode: GM9999"))
    with pytest.raises(GeoDataError, match="province"):
        parse_data_centres(_with(text, "    province: Limburg\n", ""))
    with pytest.raises(GeoDataError, match="source"):
        parse_data_centres(_with(text, "    source: list\n", ""))


def test_validate_command_checks_the_data_centre_file(capsys):
    from dshub.cli import main

    assert main(["validate"]) == 0
    assert "cbs_data_centres.yaml: 14 CBS data centres" in capsys.readouterr().out
