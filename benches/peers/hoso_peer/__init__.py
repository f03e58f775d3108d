"""The peer of hoso's decoders: the same agency messages into strict pydantic models, with the same checks."""
