-- Attachments of written contacts: pages uploaded like documents, linked to the booking.
CREATE TABLE booking_attachments (
  id TEXT PRIMARY KEY,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  booking_id TEXT NOT NULL REFERENCES bookings (id),
  sha256 TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

CREATE INDEX booking_attachments_booking ON booking_attachments (booking_id);
