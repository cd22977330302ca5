package app.lumen.app.data;

import android.content.Context;
import androidx.room.Database;
import androidx.room.Room;
import androidx.room.RoomDatabase;

/**
 * The on-phone store of chats. Schema JSON for every version lives in {@code app/schemas/}; every
 * change bumps the version and adds a migration in {@link Migrations}.
 */
@Database(
    entities = {
      ConversationEntity.class,
      MessageEntity.class,
      AttachmentEntity.class,
      MessageFts.class
    },
    version = 4,
    exportSchema = true)
public abstract class LumenDatabase extends RoomDatabase {
  public static final String FILE_NAME = "lumen.db";

  public abstract ConversationDao conversations();

  public abstract MessageDao messages();

  public abstract AttachmentDao attachments();

  public static LumenDatabase open(Context context) {
    return builder(Room.databaseBuilder(context, LumenDatabase.class, FILE_NAME)).build();
  }

  /** Applies the migrations every instance needs (tests use it with their own builders). */
  public static RoomDatabase.Builder<LumenDatabase> builder(
      RoomDatabase.Builder<LumenDatabase> builder) {
    return builder.addMigrations(Migrations.ALL);
  }
}
