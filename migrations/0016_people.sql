CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`identity_known` integer DEFAULT false NOT NULL,
	`name_key` text DEFAULT '' NOT NULL,
	`aliases` text,
	`nik` text,
	`birth_date` text,
	`birth_year` integer,
	`sex` text DEFAULT 'tidak_diketahui' NOT NULL,
	`origin` text,
	`family_contacts` text,
	`features` text,
	`merged_into` integer,
	`intake_key` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`purged_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_intake_key_unique` ON `people` (`intake_key`);--> statement-breakpoint
CREATE INDEX `people_by_nik` ON `people` (`nik`);--> statement-breakpoint
CREATE INDEX `people_by_name_key` ON `people` (`name_key`,`birth_year`);--> statement-breakpoint
CREATE INDEX `people_by_merged` ON `people` (`merged_into`);--> statement-breakpoint
CREATE TABLE `person_merges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_person_id` integer NOT NULL,
	`into_person_id` integer NOT NULL,
	`case_ids` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`undone_at` integer,
	`undone_by` integer,
	FOREIGN KEY (`from_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`into_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`undone_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_merges_from` ON `person_merges` (`from_person_id`);--> statement-breakpoint
CREATE INDEX `person_merges_into` ON `person_merges` (`into_person_id`);--> statement-breakpoint
CREATE TABLE `sightings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`channel` text NOT NULL,
	`kelurahan_code` text NOT NULL,
	`address` text NOT NULL,
	`landmark` text,
	`reporter_name` text NOT NULL,
	`reporter_phone` text,
	`description` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kelurahan_code`) REFERENCES `kelurahan`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sightings_idempotency_key_unique` ON `sightings` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `sightings_by_case` ON `sightings` (`case_id`,`at`);--> statement-breakpoint
CREATE INDEX `sightings_by_area` ON `sightings` (`kelurahan_code`,`at`);--> statement-breakpoint
ALTER TABLE `cases` ADD `person_id` integer REFERENCES people(id);--> statement-breakpoint
CREATE INDEX `cases_by_person` ON `cases` (`person_id`,`received_at`);--> statement-breakpoint
-- Every existing case gets its person: one per NIK (the reports about one NIK are one person), else
-- one per case, numbered as the case it came from. The name keys are filled in by prepareDatabase.
INSERT INTO `people` (`id`, `name`, `identity_known`, `nik`, `sex`, `created_by`, `created_at`, `updated_at`, `purged_at`)
SELECT `id`, `person_name`, `person_nik` IS NOT NULL, `person_nik`, `person_sex`, `created_by`, `received_at`, `updated_at`, `purged_at` FROM `cases`
WHERE `person_nik` IS NULL OR `id` = (SELECT min(c2.`id`) FROM `cases` c2 WHERE c2.`person_nik` = `cases`.`person_nik`);--> statement-breakpoint
UPDATE `cases` SET `person_id` = CASE WHEN `person_nik` IS NULL THEN `id` ELSE (SELECT min(c2.`id`) FROM `cases` c2 WHERE c2.`person_nik` = `cases`.`person_nik`) END;
