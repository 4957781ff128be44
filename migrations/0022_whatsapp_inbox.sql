CREATE TABLE `wa_conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sender` text NOT NULL,
	`profile_name` text,
	`status` text DEFAULT 'baru' NOT NULL,
	`case_id` integer,
	`first_message_at` integer NOT NULL,
	`last_inbound_at` integer NOT NULL,
	`handled_by` integer,
	`handled_at` integer,
	`closed_reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wa_conversations_queue` ON `wa_conversations` (`status`,`first_message_at`);--> statement-breakpoint
CREATE INDEX `wa_conversations_by_sender` ON `wa_conversations` (`sender`,`status`);--> statement-breakpoint
CREATE INDEX `wa_conversations_by_case` ON `wa_conversations` (`case_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `wa_conversations_one_waiting` ON `wa_conversations` (`sender`) WHERE status = 'baru';--> statement-breakpoint
CREATE TABLE `wa_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wamid` text NOT NULL,
	`conversation_id` integer NOT NULL,
	`sender` text NOT NULL,
	`kind` text NOT NULL,
	`body` text,
	`latitude` real,
	`longitude` real,
	`place` text,
	`media_id` text,
	`media_key` text,
	`media_mime` text,
	`media_status` text,
	`media_attempts` integer DEFAULT 0 NOT NULL,
	`media_retry_at` integer,
	`sent_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `wa_conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wa_messages_wamid_unique` ON `wa_messages` (`wamid`);--> statement-breakpoint
CREATE INDEX `wa_messages_by_conversation` ON `wa_messages` (`conversation_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `wa_messages_media_due` ON `wa_messages` (`media_retry_at`) WHERE media_status = 'menunggu';