package app.lumen.app.data;

import android.database.Cursor;
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

  /**
   * Version 4 rebuilds the message index with a tokenizer that folds case and diacritics in every
   * script and with each message's {@link MessageSearch#indexForm search form}, so older messages
   * in Chinese, Japanese, Korean or with accents are found too.
   */
  public static final Migration MIGRATION_3_4 =
      new Migration(3, 4) {
        @Override
        public void migrate(SupportSQLiteDatabase db) {
          for (String trigger : FTS_TRIGGER_NAMES) {
            db.execSQL("DROP TRIGGER IF EXISTS " + trigger);
          }
          db.execSQL("DROP TABLE IF EXISTS `messages_fts`");
          db.execSQL("ALTER TABLE messages ADD COLUMN search_text TEXT");
          fillSearchText(db);
          db.execSQL(
              "CREATE VIRTUAL TABLE IF NOT EXISTS `messages_fts` USING FTS4(`text` TEXT NOT NULL,"
                  + " `search_text` TEXT, tokenize=unicode61 `remove_diacritics=1`,"
                  + " content=`messages`)");
          // An external-content index reads the rows it indexes from `messages`.
          db.execSQL("INSERT INTO `messages_fts`(`messages_fts`) VALUES ('rebuild')");
          for (String trigger : FTS_TRIGGERS_4) {
            db.execSQL(trigger);
          }
        }
      };

  private static void fillSearchText(SupportSQLiteDatabase db) {
    try (Cursor rows = db.query("SELECT id, text FROM messages")) {
      while (rows.moveToNext()) {
        String searchText = MessageSearch.indexForm(rows.getString(1));
        if (searchText != null) {
          db.execSQL(
              "UPDATE messages SET search_text = ? WHERE id = ?",
              new Object[] {searchText, rows.getLong(0)});
        }
      }
    }
  }

  private static final String[] FTS_TRIGGER_NAMES = {
    "room_fts_content_sync_messages_fts_BEFORE_UPDATE",
    "room_fts_content_sync_messages_fts_BEFORE_DELETE",
    "room_fts_content_sync_messages_fts_AFTER_UPDATE",
    "room_fts_content_sync_messages_fts_AFTER_INSERT"
  };

  /** Keeps {@code messages_fts} in step with {@code messages} in versions 2 and 3. */
  private static final String[] FTS_TRIGGERS = ftsTriggers("text");

  /** Keeps {@code messages_fts} in step with {@code messages} since version 4. */
  private static final String[] FTS_TRIGGERS_4 = ftsTriggers("text", "search_text");

  /** The triggers Room creates for an external-content index of {@code columns}, in its words. */
  private static String[] ftsTriggers(String... columns) {
    StringBuilder names = new StringBuilder("`docid`");
    StringBuilder values = new StringBuilder("NEW.`rowid`");
    for (String column : columns) {
      names.append(", `").append(column).append('`');
      values.append(", NEW.`").append(column).append('`');
    }
    String insert =
        " ON `messages` BEGIN INSERT INTO `messages_fts`("
            + names
            + ") VALUES ("
            + values
            + "); END";
    String delete =
        " ON `messages` BEGIN DELETE FROM `messages_fts` WHERE `docid`=OLD.`rowid`; END";
    return new String[] {
      "CREATE TRIGGER IF NOT EXISTS " + FTS_TRIGGER_NAMES[0] + " BEFORE UPDATE" + delete,
      "CREATE TRIGGER IF NOT EXISTS " + FTS_TRIGGER_NAMES[1] + " BEFORE DELETE" + delete,
      "CREATE TRIGGER IF NOT EXISTS " + FTS_TRIGGER_NAMES[2] + " AFTER UPDATE" + insert,
      "CREATE TRIGGER IF NOT EXISTS " + FTS_TRIGGER_NAMES[3] + " AFTER INSERT" + insert
    };
  }

  public static final Migration[] ALL = {MIGRATION_1_2, MIGRATION_2_3, MIGRATION_3_4};
}
