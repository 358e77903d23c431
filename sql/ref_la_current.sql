-- la_current: each LA code once, with the name and region of its latest
-- span in ref.la, for every model that labels or groups LAs. Temporary:
-- ref.la is the published table.
CREATE TEMP VIEW la_current AS
SELECT DISTINCT ON (la_code) la_code, la_name, region_code, region_name
FROM ref.la
ORDER BY la_code, valid_from DESC NULLS FIRST;
