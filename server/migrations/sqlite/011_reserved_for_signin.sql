-- Placeholder on the `totp` branch only: 011 belongs to the sign-in branch. The runner wants
-- numbers without gaps, so this file stands in until that branch's 011 is merged; drop it then.
SELECT 1;
