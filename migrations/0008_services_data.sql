-- Default categories of issue 8 for databases seeded before it (a fresh database gets them from
-- seed-data.ts: an empty categories table is filled there, so nothing is inserted into one here).
INSERT INTO `categories` (`code`, `name`, `group_name`, `target_hours`, `clock`, `default_urgency`, `active`, `sort`)
SELECT v.code, v.name, 'SI LARAS MANIS', v.hours, 'calendar', v.urgency, 1, (SELECT coalesce(max(`sort`), 0) FROM `categories`) + v.n
FROM (
  SELECT 1 AS n, 'laras-rawat-inap' AS code, 'Pendampingan pasien rawat inap' AS name, 24 AS hours, 'segera' AS urgency
  UNION ALL SELECT 2, 'laras-rujukan-rs', 'Pendampingan rujukan ke rumah sakit (mis. RSJ)', 24, 'segera'
  UNION ALL SELECT 3, 'laras-perawatan-rumah', 'Perawatan lansia/disabilitas yang tinggal sendiri', 48, 'biasa'
  UNION ALL SELECT 4, 'laras-rawat-jalan', 'Pendampingan rawat jalan', 48, 'biasa'
  UNION ALL SELECT 5, 'laras-antar-jemput', 'Penjemputan / pengantaran PPKS (mobil TRC)', 6, 'segera'
) AS v
WHERE EXISTS (SELECT 1 FROM `categories`) AND NOT EXISTS (SELECT 1 FROM `categories` c WHERE c.code = v.code);
--> statement-breakpoint
-- One shelter to start with; rumah singgah stays are short (seed 003). Admins rename it or add more.
INSERT INTO `shelters` (`name`, `stay_limit_days`, `active`) VALUES ('Rumah Singgah', 7, 1);
