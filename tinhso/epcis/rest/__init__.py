"""The EPCIS 2.0 REST binding (GS1's openapi.yaml): capture, capture jobs, event queries, event
types. It follows the standard rather than the house API conventions: its own paths under
/epcis/, its own JSON shapes, and RFC 7807 problems of the ``epcisException:…`` types."""
