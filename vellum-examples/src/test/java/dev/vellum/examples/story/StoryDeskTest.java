package dev.vellum.examples.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.decider.RevisionNotFoundException;
import dev.vellum.examples.story.StoryCommand.ChangeBody;
import dev.vellum.examples.story.StoryCommand.ChangeSummary;
import dev.vellum.examples.story.StoryCommand.ChangeTitle;
import dev.vellum.examples.story.StoryCommand.DraftStory;
import dev.vellum.examples.story.StoryEvent.BodyChanged;
import dev.vellum.examples.story.StoryEvent.StoryReverted;
import dev.vellum.examples.story.StoryEvent.SummaryChanged;
import dev.vellum.examples.story.StoryEvent.TitleChanged;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undo by compensation: a story edited field by field, rolled back to a revision, history kept. */
class StoryDeskTest {

    @TempDir
    Path dir;

    private final StreamId story = StreamId.of("story", 7);

    @Test
    void onTheInMemoryStore() {
        try (EventStore store = new InMemoryEventStore()) {
            undo(store);
        }
    }

    @Test
    void onTheSqliteStore() {
        try (EventStore store = SqliteEventStore.open(dir.resolve("newsroom.db"))) {
            undo(store);
        }
    }

    private void edit(StoryDesk desk, StoryCommand command) {
        assertThat(desk.edit(story, command, CommandMetadata.random())).isInstanceOf(CommandResult.Accepted.class);
    }

    private void undo(EventStore store) {
        StoryDesk desk = new StoryDesk(store);
        edit(desk, new DraftStory("Rates"));                          // r0
        edit(desk, new ChangeTitle("Rates rise"));                    // r1
        edit(desk, new ChangeSummary("The bank moved."));             // r2
        edit(desk, new ChangeBody("On Tuesday the bank ..."));       // r3
        edit(desk, new ChangeTitle("Rates rise again"));              // r4
        List<RecordedEvent> before = store.readStream(story);
        Story atRevision1 = desk.asOf(story, 1).state();

        CommandResult<StoryEvent> undone = desk.undoTo(story, 1, CommandMetadata.of("undo-1"));

        List<RecordedEvent> after = store.readStream(story);
        assertThat(undone).isEqualTo(new CommandResult.Accepted<>(List.of(new StoryReverted(1),
                new TitleChanged("Rates rise"), new SummaryChanged(""), new BodyChanged("")), 8,
                after.getLast().position()));
        assertThat(desk.current(story).state()).isEqualTo(atRevision1);
        assertThat(after.subList(0, 5)).as("history is never rewritten").isEqualTo(before);
        assertThat(after).hasSize(9);

        assertThat(desk.undoTo(story, 1, CommandMetadata.of("undo-1"))).as("the same undo sent again").isEqualTo(undone);
        assertThat(desk.undoTo(story, 1, CommandMetadata.of("undo-2")))
                .as("already as it was").isEqualTo(new CommandResult.Accepted<>(List.of(), 8, after.getLast().position()));

        desk.undoTo(story, 4, CommandMetadata.of("redo"));
        assertThat(desk.current(story).state()).as("an undo can be undone").isEqualTo(desk.asOf(story, 4).state());
        assertThat(desk.current(story).state().title()).isEqualTo("Rates rise again");

        assertThatThrownBy(() -> desk.undoTo(story, 99, CommandMetadata.of("undo-99")))
                .isInstanceOf(RevisionNotFoundException.class);
    }

    @Test
    void editsNeedADraftedStory() {
        try (EventStore store = new InMemoryEventStore()) {
            StoryDesk desk = new StoryDesk(store);
            assertThat(desk.edit(story, new ChangeTitle("x"), CommandMetadata.random()))
                    .isInstanceOfSatisfying(CommandResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("no-story"));
            edit(desk, new DraftStory("x"));
            assertThat(desk.edit(story, new DraftStory("y"), CommandMetadata.random()))
                    .isInstanceOfSatisfying(CommandResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("story-exists"));
            assertThat(desk.edit(story, new ChangeTitle(" "), CommandMetadata.random()))
                    .isInstanceOfSatisfying(CommandResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("blank-title"));
        }
    }
}
