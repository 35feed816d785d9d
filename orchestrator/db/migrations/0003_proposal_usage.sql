-- Tokens the proposal's run consumed, as the Spec Engine reported them ({input_tokens, output_tokens});
-- null until the run ended, or when the engine reported none (older engines).
alter table proposals add column usage jsonb;
