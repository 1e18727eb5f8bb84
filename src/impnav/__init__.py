"""impnav: navigate Canada's International Mobility Program."""

__version__ = "0.1.0"
