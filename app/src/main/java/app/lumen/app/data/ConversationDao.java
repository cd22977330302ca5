package app.lumen.app.data;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;
import java.util.List;
import kotlinx.coroutines.flow.Flow;

/** Conversations: observed as a Flow, written off the main thread by callers. */
@Dao
public interface ConversationDao {
  @Insert
  long insert(ConversationEntity conversation);

  /** Most recently active first; emits again on every change. */
  @Query("SELECT * FROM conversations ORDER BY updated_at DESC, id DESC")
  Flow<List<ConversationEntity>> observeAll();

  @Query("UPDATE conversations SET title = :title, updated_at = :nowMillis WHERE id = :id")
  int rename(long id, String title, long nowMillis);

  @Query("DELETE FROM conversations WHERE id = :id")
  int delete(long id);
}
