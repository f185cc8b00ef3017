-- Every pulled item is matched to its link by calendar and external id, then by calendar and
-- iCalUID. The unique key leads with connection_id, so neither lookup could use it: each one
-- read every link of the connection, and a 10,000-event import grew quadratic.
create index event_links_calendar_external on event_links (calendar_id, external_event_id);
create index event_links_calendar_ical_uid on event_links (calendar_id, ical_uid)
  where ical_uid is not null;
