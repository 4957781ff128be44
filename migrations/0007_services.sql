CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`version` integer NOT NULL,
	`masalah` text NOT NULL,
	`potensi` text NOT NULL,
	`sumber` text NOT NULL,
	`identity` text,
	`health` text,
	`mental_state` text,
	`family_contacts` text,
	`assessed_by` integer,
	`assessed_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_case_version` ON `assessments` (`case_id`,`version`);--> statement-breakpoint
CREATE TABLE `case_origins` (
	`case_id` integer PRIMARY KEY NOT NULL,
	`province_code` text NOT NULL,
	`regency_code` text,
	`detail` text,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`province_code`) REFERENCES `provinces`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`regency_code`) REFERENCES `regencies`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `case_service_details` (
	`case_id` integer PRIMARY KEY NOT NULL,
	`values` text NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `category_forms` (
	`category_id` integer PRIMARY KEY NOT NULL,
	`fields` text NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dispatches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`vehicle_id` integer NOT NULL,
	`status` text NOT NULL,
	`destination` text,
	`dispatched_by` integer,
	`dispatched_at` integer NOT NULL,
	`departed_at` integer,
	`arrived_at` integer,
	`finished_at` integer,
	`cancelled_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dispatched_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dispatches_one_active_per_vehicle` ON `dispatches` (`vehicle_id`) WHERE status IN ('dikirim', 'berangkat', 'tiba');--> statement-breakpoint
CREATE INDEX `dispatches_by_case` ON `dispatches` (`case_id`);--> statement-breakpoint
CREATE TABLE `identity_documents` (
	`case_id` integer NOT NULL,
	`step` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `step`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `kelurahan_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kelurahan_code` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`unit` text,
	FOREIGN KEY (`kelurahan_code`) REFERENCES `kelurahan`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kelurahan_contacts_by_area` ON `kelurahan_contacts` (`kelurahan_code`);--> statement-breakpoint
CREATE TABLE `shelter_stays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`shelter_id` integer NOT NULL,
	`admitted_at` integer NOT NULL,
	`bed` text NOT NULL,
	`belongings` text,
	`admitted_by` integer,
	`discharged_at` integer,
	`discharge_reason` text,
	`discharge_note` text,
	`discharged_by` integer,
	`received_by_name` text,
	`received_by_relation` text,
	`received_by_phone` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shelter_id`) REFERENCES `shelters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`admitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`discharged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shelter_stays_one_open` ON `shelter_stays` (`case_id`) WHERE discharged_at IS NULL;--> statement-breakpoint
CREATE INDEX `shelter_stays_current` ON `shelter_stays` (`shelter_id`,`discharged_at`);--> statement-breakpoint
CREATE TABLE `shelters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`stay_limit_days` integer DEFAULT 7 NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shelters_name_unique` ON `shelters` (`name`);--> statement-breakpoint
CREATE TABLE `tracing_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`method` text NOT NULL,
	`contact` text NOT NULL,
	`result` text NOT NULL,
	`note` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tracing_contacts_by_case` ON `tracing_contacts` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `vehicle_crew` (
	`vehicle_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`vehicle_id`, `user_id`),
	FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `vehicle_crew_by_user` ON `vehicle_crew` (`user_id`);--> statement-breakpoint
CREATE TABLE `vehicles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`plate` text NOT NULL,
	`kind` text NOT NULL,
	`base` text,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vehicles_plate_unique` ON `vehicles` (`plate`);