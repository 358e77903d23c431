-- ofsted_urn (a temporary table of the build, read by the rules that run
-- on its connection, not kept in the warehouse): each URN of Ofsted's
-- provider list (stage.ofsted_provider) as DfE's URN lookup gives it to
-- the SSDA903 rules 219 to 241. A URN may have several rows (a supported
-- accommodation provider with premises in several LAs, a provider on both
-- the current and the closed sheet): its placement types, placement
-- providers and LAs are those of all its rows, and its registration ended
-- (reg_end) only when every row says when, on the latest of those dates.
CREATE TEMP TABLE ofsted_urn AS
SELECT urn,
       list_sort(list_distinct(flatten(coalesce(list(string_split(place_codes, ',')) FILTER (WHERE place_codes IS NOT NULL), [])))) AS place_codes,
       list_sort(list_distinct(flatten(coalesce(list(string_split(provider_codes, ',')) FILTER (WHERE provider_codes IS NOT NULL), [])))) AS provider_codes,
       list_sort(list_distinct(coalesce(list(la_code) FILTER (WHERE la_code IS NOT NULL), []))) AS la_codes,
       CASE WHEN count(reg_end) = count(*) THEN max(reg_end) END AS reg_end
FROM stage.ofsted_provider
GROUP BY urn;
