-- Issue 21: replies to the reporter. Issue 20's rows were all survey links of a closed case: each keeps
-- its id and takes the close message's key, so a case closed again never sends a second close message.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_reporter_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer,
	`conversation_id` integer,
	`referral_id` integer,
	`purpose` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claim_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`sent_as` text,
	`remote_status` text,
	`remote_status_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversation_id`) REFERENCES `wa_conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reporter_messages_recipient" CHECK(case_id IS NOT NULL OR conversation_id IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_reporter_messages`("id", "case_id", "conversation_id", "referral_id", "purpose", "dedupe_key", "status", "attempts", "next_attempt_at", "claim_id", "last_error", "created_at", "sent_at", "sent_as", "remote_status", "remote_status_at") SELECT "id", "case_id", NULL, NULL, "purpose", 'kasus:' || "case_id" || ':selesai', "status", "attempts", "next_attempt_at", "claim_id", "last_error", "created_at", "sent_at", CASE WHEN "status" = 'sent' THEN 'template' END, NULL, NULL FROM `reporter_messages`;--> statement-breakpoint
DROP TABLE `reporter_messages`;--> statement-breakpoint
ALTER TABLE `__new_reporter_messages` RENAME TO `reporter_messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `reporter_messages_dedupe_key_unique` ON `reporter_messages` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `reporter_messages_by_case` ON `reporter_messages` (`case_id`);--> statement-breakpoint
CREATE INDEX `reporter_messages_by_conversation` ON `reporter_messages` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `reporter_messages_due` ON `reporter_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `reporter_messages_by_claim` ON `reporter_messages` (`claim_id`);