package app.lumen.app.data;

import androidx.annotation.Nullable;
import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;
import androidx.room.Update;
import java.util.List;
import kotlinx.coroutines.flow.Flow;

/** Conversations: observed as Flows; the blocking writes are called off the main thread. */
@Dao
public interface ConversationDao {
  @Insert
  long insert(ConversationEntity conversation);

  @Update
  int update(ConversationEntity conversation);

  /** Most recently active first; emits again on every change. */
  @Query("SELECT * FROM conversations ORDER BY updated_at DESC, id DESC")
  Flow<List<ConversationEntity>> observeAll();

  /** Most recently active first, each with its latest message. */
  @Query(
      "SELECT c.*, (SELECT m.text FROM messages m WHERE m.conversation_id = c.id"
          + " ORDER BY m.id DESC LIMIT 1) AS preview"
          + " FROM conversations c ORDER BY c.updated_at DESC, c.id DESC")
  Flow<List<ConversationSummary>> observeSummaries();

  /**
   * Conversations whose title contains {@code titleLike} (a LIKE pattern) or whose messages match
   * the FTS4 query {@code match}.
   */
  @Query(
      "SELECT c.*, (SELECT m.text FROM messages m WHERE m.conversation_id = c.id"
          + " ORDER BY m.id DESC LIMIT 1) AS preview"
          + " FROM conversations c WHERE c.title LIKE :titleLike ESCAPE '\\'"
          + " OR c.id IN (SELECT m.conversation_id FROM messages m"
          + " JOIN messages_fts ON m.id = messages_fts.rowid WHERE messages_fts MATCH :match)"
          + " ORDER BY c.updated_at DESC, c.id DESC")
  Flow<List<ConversationSummary>> search(String titleLike, String match);

  /** Conversations whose title contains {@code titleLike} (a LIKE pattern). */
  @Query(
      "SELECT c.*, (SELECT m.text FROM messages m WHERE m.conversation_id = c.id"
          + " ORDER BY m.id DESC LIMIT 1) AS preview"
          + " FROM conversations c WHERE c.title LIKE :titleLike ESCAPE '\\'"
          + " ORDER BY c.updated_at DESC, c.id DESC")
  Flow<List<ConversationSummary>> searchTitles(String titleLike);

  @Query("SELECT * FROM conversations WHERE id = :id")
  Flow<ConversationEntity> observe(long id);

  @Nullable
  @Query("SELECT * FROM conversations WHERE id = :id")
  ConversationEntity get(long id);

  @Query("UPDATE conversations SET title = :title, updated_at = :nowMillis WHERE id = :id")
  int rename(long id, String title, long nowMillis);

  @Query("UPDATE conversations SET updated_at = :nowMillis WHERE id = :id")
  int touch(long id, long nowMillis);

  @Query("UPDATE conversations SET model_id = :modelId WHERE id = :id")
  int setModel(long id, String modelId);

  @Query("DELETE FROM conversations WHERE id = :id")
  int delete(long id);
}
