-- The draft paths a refinement was given: files the agent adds beyond them outside /THE_SPEC/,
-- /THE_CAST/ and /definition.json are its working notes, shown but not applied on approve.
-- Null for proposals started before this column existed (every file counts as spec).
alter table proposals add column base_paths text[];
