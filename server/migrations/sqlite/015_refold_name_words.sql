-- The case search's name words again, folded as src/domain/names.ts folds them now (Persian
-- zero-width joiners removed, ە and ڪ unified): the work is the data step 15 in
-- server/storage/dataSteps.ts, as folding is TypeScript. No schema change.
SELECT 1;
