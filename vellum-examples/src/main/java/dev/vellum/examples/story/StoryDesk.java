package dev.vellum.examples.story;

import dev.vellum.decider.AggregateState;
import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.decider.RevisionNotFoundException;
import dev.vellum.examples.story.StoryCommand.RevertTo;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;

/**
 * The newsroom's application service for stories: edits go straight to the story aggregate; an
 * undo first loads the story as of the revision to go back to (time travel), then sends a
 * {@link RevertTo} carrying it, and the decider computes the compensating events from the story
 * then and now.
 */
public final class StoryDesk {

    private final CommandHandler<StoryCommand, Story, StoryEvent> stories;

    /** A desk working on stories kept in {@code store}. */
    public StoryDesk(EventStore store) {
        this.stories = CommandHandler.builder(store, StoryEvent.TYPES, StoryEvent.class, Story.DECIDER).build();
    }

    /** Applies an edit to {@code story}. */
    public CommandResult<StoryEvent> edit(StreamId story, StoryCommand edit, CommandMetadata metadata) {
        return stories.handle(story, edit, metadata);
    }

    /**
     * Brings {@code story} back to how it was right after {@code revision}, by appending
     * compensating events; accepted with no events when it already is.
     *
     * @throws RevisionNotFoundException when the story has no such revision
     */
    public CommandResult<StoryEvent> undoTo(StreamId story, long revision, CommandMetadata metadata) {
        Story then = stories.loadAsOf(story, revision).state();
        return stories.handle(story, new RevertTo(revision, then), metadata);
    }

    /** The story now. */
    public AggregateState<Story> current(StreamId story) {
        return stories.load(story);
    }

    /** The story as it was right after {@code revision}. */
    public AggregateState<Story> asOf(StreamId story, long revision) {
        return stories.loadAsOf(story, revision);
    }
}
