"""The CBV 2.0 standard vocabularies and the namespaces of the EPCIS 2.0 JSON-LD context.

Bare words are only meaningful where CBV 2.0 defines them; every other value is a URI.
The word lists are CBV 2.0 sections 7.1 (business steps), 7.2 (dispositions), 7.3
(business transaction types), 7.4 (source/destination types), 7.5 (error reasons),
7.6 and 7.7 (sensor measurement types, sensor alert types) and the component list of
the sensor report (EPCIS 2.0, 7.3.7.3).
"""

from __future__ import annotations

BIZ_STEPS = frozenset(
    {
        "accepting",
        "arriving",
        "assembling",
        "collecting",
        "commissioning",
        "consigning",
        "creating_class_instance",
        "cycle_counting",
        "decommissioning",
        "departing",
        "destroying",
        "disassembling",
        "dispensing",
        "encoding",
        "entering_exiting",
        "holding",
        "inspecting",
        "installing",
        "killing",
        "loading",
        "other",
        "packing",
        "picking",
        "receiving",
        "removing",
        "repackaging",
        "repairing",
        "replacing",
        "reserving",
        "retail_selling",
        "sampling",
        "sensor_reporting",
        "shipping",
        "staging_outbound",
        "stock_taking",
        "stocking",
        "storing",
        "transporting",
        "unloading",
        "unpacking",
        "void_shipping",
    }
)

DISPOSITIONS = frozenset(
    {
        "active",
        "available",
        "completeness_inferred",
        "completeness_verified",
        "conformant",
        "container_closed",
        "container_open",
        "damaged",
        "destroyed",
        "dispensed",
        "disposed",
        "encoded",
        "expired",
        "in_progress",
        "in_transit",
        "inactive",
        "mismatch_class",
        "mismatch_instance",
        "mismatch_quantity",
        "needs_replacement",
        "no_pedigree_match",
        "non_conformant",
        "non_sellable_other",
        "partially_dispensed",
        "recalled",
        "reserved",
        "retail_sold",
        "returned",
        "sellable_accessible",
        "sellable_not_accessible",
        "stolen",
        "unavailable",
        "unknown",
    }
)

BIZ_TRANSACTION_TYPES = frozenset(
    {
        "bol",
        "cert",
        "desadv",
        "inv",
        "pedigree",
        "po",
        "poc",
        "prodorder",
        "recadv",
        "rma",
        "testprd",
        "testres",
        "upevt",
    }
)

SOURCE_DESTINATION_TYPES = frozenset({"owning_party", "possessing_party", "location"})

ERROR_REASONS = frozenset({"did_not_occur", "incorrect_data"})

MEASUREMENT_TYPES = frozenset(
    {
        "AbsoluteHumidity",
        "AbsorbedDose",
        "AbsorbedDoseRate",
        "Acceleration",
        "Altitude",
        "AmountOfSubstance",
        "AmountOfSubstancePerUnitVolume",
        "Angle",
        "AngularAcceleration",
        "AngularMomentum",
        "AngularVelocity",
        "Area",
        "Capacitance",
        "Conductance",
        "Conductivity",
        "Count",
        "Density",
        "Dimensionless",
        "DoseEquivalent",
        "DoseEquivalentRate",
        "DynamicViscosity",
        "ElectricCharge",
        "ElectricCurrent",
        "ElectricCurrentDensity",
        "ElectricFieldStrength",
        "Energy",
        "Exposure",
        "Force",
        "Frequency",
        "Illuminance",
        "Inductance",
        "Irradiance",
        "KinematicViscosity",
        "Length",
        "LinearMomentum",
        "Luminance",
        "LuminousFlux",
        "LuminousIntensity",
        "MagneticFlux",
        "MagneticFluxDensity",
        "MagneticVectorPotential",
        "Mass",
        "MassConcentration",
        "MassFlowRate",
        "MassPerAreaTime",
        "MemoryCapacity",
        "MolalityOfSolute",
        "MolarEnergy",
        "MolarMass",
        "MolarVolume",
        "Power",
        "Pressure",
        "Radioactivity",
        "RadiantFlux",
        "RadiantIntensity",
        "RelativeHumidity",
        "Resistance",
        "Resistivity",
        "SolidAngle",
        "SpecificVolume",
        "Speed",
        "SurfaceDensity",
        "SurfaceTension",
        "Temperature",
        "Time",
        "Torque",
        "Voltage",
        "Volume",
        "VolumeFlowRate",
        "VolumeFraction",
        "VolumetricFlux",
        "Wavenumber",
    }
)

# A measurement type of the CBV 2.0 drafts that the ratified JSON-LD context dropped; documents
# of the conformance corpus (openepcis-test-resources) still use it. Accepted, but as the context
# defines no IRI for it, the event hash keeps it as written (ADR 0008).
LEGACY_MEASUREMENT_TYPES = frozenset({"EffectiveDoseRate"})

SENSOR_ALERT_TYPES = frozenset({"ALARM_CONDITION", "ERROR_CONDITION"})

COMPONENTS = frozenset(
    {
        "x",
        "y",
        "z",
        "axial_distance",
        "azimuth",
        "height",
        "spherical_radius",
        "polar_angle",
        "elevation_angle",
        "easting",
        "northing",
        "latitude",
        "longitude",
        "altitude",
    }
)

ACTIONS = frozenset({"ADD", "OBSERVE", "DELETE"})

# Prefixes the standard EPCIS 2.0 JSON-LD context declares; a document may use them without
# declaring them itself.
STANDARD_PREFIXES: dict[str, str] = {
    "epcis": "https://ref.gs1.org/epcis/",
    "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

# Web URI stems of the CBV 2.0 vocabularies (CBV 2.0 section 6.4 and 7).
CBV_WEB = "https://ref.gs1.org/cbv/"
GS1_VOC_WEB = "https://ref.gs1.org/voc/"

# The JSON binding writes standard vocabulary as bare words: the official schema refuses these
# URI forms for bizStep, disposition, business transaction, source/destination and error
# reason types (its "vocab-other-uri"), and GS1 web vocabulary URIs for measurement and alert
# types ("vocab-nonGS1WebVoc-uri").
CBV_URI_STEMS = ("urn:epcglobal:cbv", "http://ns.gs1.org/cbv/", "https://ns.gs1.org/cbv/")
GS1_VOC_URI_STEMS = (
    "http://gs1.org/voc/",
    "https://gs1.org/voc/",
    "http://www.gs1.org/voc/",
    "https://www.gs1.org/voc/",
)
