"""The printable reallocation plan: Qt painting onto PDF and printers, no widgets."""
