"""BPMN 2.0 models (`.bpmn` files) read into the USM model, and converted to `.usm` text.

Imported only when a `.bpmn` file is loaded or converted: a run over `.usm`
files never pays for the XML parser.
"""
