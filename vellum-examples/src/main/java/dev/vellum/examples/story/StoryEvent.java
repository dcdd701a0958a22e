package dev.vellum.examples.story;

import dev.vellum.serde.EventTypes;

/** What happens to a story, field by field, with the events' stable type names. */
public sealed interface StoryEvent {

    /** The registry of the story events' type names. */
    EventTypes TYPES = EventTypes.builder()
            .register("StoryDrafted", StoryDrafted.class)
            .register("TitleChanged", TitleChanged.class)
            .register("SummaryChanged", SummaryChanged.class)
            .register("BodyChanged", BodyChanged.class)
            .register("StoryReverted", StoryReverted.class)
            .build();

    /** @param title the working title */
    record StoryDrafted(String title) implements StoryEvent {
    }

    /** @param title the new title */
    record TitleChanged(String title) implements StoryEvent {
    }

    /** @param summary the new summary */
    record SummaryChanged(String summary) implements StoryEvent {
    }

    /** @param body the new body */
    record BodyChanged(String body) implements StoryEvent {
    }

    /**
     * An undo: the field changes that follow it in the same append bring the story back to how it
     * was at {@code toRevision}. It changes no field itself; it says why the next ones happened.
     *
     * @param toRevision the revision the story was brought back to
     */
    record StoryReverted(long toRevision) implements StoryEvent {
    }
}
