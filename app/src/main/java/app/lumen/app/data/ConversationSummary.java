package app.lumen.app.data;

import androidx.annotation.Nullable;
import androidx.room.Embedded;

/** A conversation with the text of its latest message, for the list of chats. */
public class ConversationSummary {
  @Embedded public ConversationEntity conversation;

  @Nullable public String preview;
}
