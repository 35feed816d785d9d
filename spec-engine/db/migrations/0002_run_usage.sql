-- Tokens a run consumed across all its attempts, as the providers reported them.
alter table spec_runs
  add column input_tokens bigint not null default 0,
  add column output_tokens bigint not null default 0;
