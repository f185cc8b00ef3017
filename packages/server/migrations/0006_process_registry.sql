-- Placeholder for the process registry migration, which lands separately; it keeps the
-- migration versions contiguous (1..n) as the runner requires.
select 1;
