package app.lumen.app.data;

import android.content.Context;
import androidx.room.Database;
import androidx.room.Room;
import androidx.room.RoomDatabase;

/** The on-phone store of chats. Schema JSON for every version lives in {@code app/schemas/}. */
@Database(
    entities = {ConversationEntity.class},
    version = 1,
    exportSchema = true)
public abstract class LumenDatabase extends RoomDatabase {
  public static final String FILE_NAME = "lumen.db";

  public abstract ConversationDao conversations();

  public static LumenDatabase open(Context context) {
    return Room.databaseBuilder(context, LumenDatabase.class, FILE_NAME).build();
  }
}
