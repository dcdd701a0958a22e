package dev.vellum.examples.story;

/** What an editor can do to a story. */
public sealed interface StoryCommand {

    /** @param title the working title */
    record DraftStory(String title) implements StoryCommand {
    }

    /** @param title the new title */
    record ChangeTitle(String title) implements StoryCommand {
    }

    /** @param summary the new summary */
    record ChangeSummary(String summary) implements StoryCommand {
    }

    /** @param body the new body */
    record ChangeBody(String body) implements StoryCommand {
    }

    /**
     * Bring the story back to how it was right after {@code revision}. The decider compares that
     * state with the current one and appends the compensating changes; nothing is rewritten.
     *
     * @param revision the revision to go back to
     * @param then the story as of that revision (see {@link StoryDesk#undoTo}): history does not
     *     change, so it stays right however long the command takes
     */
    record RevertTo(long revision, Story then) implements StoryCommand {
    }
}
