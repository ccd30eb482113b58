-- A booking the front desk has concluded (done, did not come, not reached) or a written contact
-- that has been answered no longer counts as the applicant's one active booking of its topic:
-- they may book the follow-up visit or ask again.
DROP INDEX bookings_one_per_topic;
CREATE UNIQUE INDEX bookings_one_per_topic ON bookings (applicant_id, topic)
  WHERE status = 'active' AND replied_at IS NULL AND (outcome IS NULL OR outcome = 'checkedIn');
