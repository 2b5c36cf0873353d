"""Pure-Python generators behind `gridcc demo`: a fictional district, its people and its cases."""

from app.demo.case_texts import (
    CASE_SOURCES,
    CATEGORY_NAMES,
    case_text,
    reporter_source,
    templates_for,
)
from app.demo.geography import (
    Community,
    District,
    Grid,
    Street,
    build_district,
    point_in_grid,
)
from app.demo.people_names import (
    ROAD_NAMES,
    StaffSeed,
    case_address,
    person_name,
    phone_number,
    staff_for_grid,
    street_address,
)

__all__ = [
    "CASE_SOURCES",
    "CATEGORY_NAMES",
    "ROAD_NAMES",
    "Community",
    "District",
    "Grid",
    "StaffSeed",
    "Street",
    "build_district",
    "case_address",
    "case_text",
    "person_name",
    "phone_number",
    "point_in_grid",
    "reporter_source",
    "staff_for_grid",
    "street_address",
    "templates_for",
]
