package app.lumen.app.data;

import androidx.room.migration.Migration;
import androidx.sqlite.db.SupportSQLiteDatabase;

/** Schema migrations; the SQL is taken from the exported schema of the target version. */
public final class Migrations {
  private Migrations() {}

  /**
   * Version 2 adds messages, attachments, the message full-text index and conversation settings.
   */
  public static final Migration MIGRATION_1_2 =
      new Migration(1, 2) {
        @Override
        public void migrate(SupportSQLiteDatabase db) {
          db.execSQL("ALTER TABLE conversations ADD COLUMN model_id TEXT");
          db.execSQL("ALTER TABLE conversations ADD COLUMN system_prompt TEXT");
          db.execSQL("ALTER TABLE conversations ADD COLUMN settings_json TEXT");
          db.execSQL(
              "CREATE TABLE IF NOT EXISTS `messages` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT"
                  + " NULL, `conversation_id` INTEGER NOT NULL, `role` TEXT NOT NULL, `text` TEXT"
                  + " NOT NULL, `thinking` TEXT, `status` TEXT NOT NULL, `error` TEXT,"
                  + " `finish_reason` TEXT, `created_at` INTEGER NOT NULL, `ttft_ms` REAL,"
                  + " `prefill_tps` REAL, `decode_tps` REAL, `image_encode_ms` REAL,"
                  + " `prompt_tokens` INTEGER, `generated_tokens` INTEGER, `backend` TEXT, FOREIGN"
                  + " KEY(`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE NO ACTION"
                  + " ON DELETE CASCADE )");
          db.execSQL(
              "CREATE INDEX IF NOT EXISTS `index_messages_conversation_id_created_at` ON"
                  + " `messages` (`conversation_id`, `created_at`)");
          db.execSQL(
              "CREATE TABLE IF NOT EXISTS `attachments` (`id` INTEGER PRIMARY KEY AUTOINCREMENT"
                  + " NOT NULL, `message_id` INTEGER NOT NULL, `file_path` TEXT NOT NULL,"
                  + " `thumbnail_path` TEXT, `width` INTEGER NOT NULL, `height` INTEGER NOT NULL,"
                  + " `token_budget` INTEGER NOT NULL, FOREIGN KEY(`message_id`) REFERENCES"
                  + " `messages`(`id`) ON UPDATE NO ACTION ON DELETE CASCADE )");
          db.execSQL(
              "CREATE INDEX IF NOT EXISTS `index_attachments_message_id` ON `attachments`"
                  + " (`message_id`)");
          db.execSQL(
              "CREATE VIRTUAL TABLE IF NOT EXISTS `messages_fts` USING FTS4(`text` TEXT NOT NULL,"
                  + " content=`messages`)");
          for (String trigger : FTS_TRIGGERS) {
            db.execSQL(trigger);
          }
        }
      };

  /** Version 3 keeps why an answer ran on another execution provider than requested. */
  public static final Migration MIGRATION_2_3 =
      new Migration(2, 3) {
        @Override
        public void migrate(SupportSQLiteDatabase db) {
          db.execSQL("ALTER TABLE messages ADD COLUMN backend_fallback TEXT");
        }
      };

  /** Keeps {@code messages_fts} in step with {@code messages} (as Room creates them). */
  private static final String[] FTS_TRIGGERS = {
    "CREATE TRIGGER IF NOT EXISTS room_fts_content_sync_messages_fts_BEFORE_UPDATE BEFORE UPDATE"
        + " ON `messages` BEGIN DELETE FROM `messages_fts` WHERE `docid`=OLD.`rowid`; END",
    "CREATE TRIGGER IF NOT EXISTS room_fts_content_sync_messages_fts_BEFORE_DELETE BEFORE DELETE"
        + " ON `messages` BEGIN DELETE FROM `messages_fts` WHERE `docid`=OLD.`rowid`; END",
    "CREATE TRIGGER IF NOT EXISTS room_fts_content_sync_messages_fts_AFTER_UPDATE AFTER UPDATE ON"
        + " `messages` BEGIN INSERT INTO `messages_fts`(`docid`, `text`) VALUES (NEW.`rowid`,"
        + " NEW.`text`); END",
    "CREATE TRIGGER IF NOT EXISTS room_fts_content_sync_messages_fts_AFTER_INSERT AFTER INSERT ON"
        + " `messages` BEGIN INSERT INTO `messages_fts`(`docid`, `text`) VALUES (NEW.`rowid`,"
        + " NEW.`text`); END"
  };

  public static final Migration[] ALL = {MIGRATION_1_2, MIGRATION_2_3};
}
