"""The edges of plankb: the `plankb` CLI and the Streamlit app, thin over the library."""
