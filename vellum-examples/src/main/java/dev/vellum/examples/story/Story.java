package dev.vellum.examples.story;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.examples.story.StoryCommand.ChangeBody;
import dev.vellum.examples.story.StoryCommand.ChangeSummary;
import dev.vellum.examples.story.StoryCommand.ChangeTitle;
import dev.vellum.examples.story.StoryCommand.DraftStory;
import dev.vellum.examples.story.StoryCommand.RevertTo;
import dev.vellum.examples.story.StoryEvent.BodyChanged;
import dev.vellum.examples.story.StoryEvent.StoryDrafted;
import dev.vellum.examples.story.StoryEvent.StoryReverted;
import dev.vellum.examples.story.StoryEvent.SummaryChanged;
import dev.vellum.examples.story.StoryEvent.TitleChanged;
import java.util.ArrayList;
import java.util.List;

/**
 * A story in the newsroom, and the story aggregate as a decider. Every edit changes one field; an
 * undo ({@link RevertTo}) is decided from the story then and now: one change event for each field
 * that differs, after a {@link StoryReverted} marker, so the history says what happened and is
 * never rewritten.
 *
 * @param drafted whether the story exists
 * @param title its title
 * @param summary its summary
 * @param body its body
 */
public record Story(boolean drafted, String title, String summary, String body) {

    /** The state before the first event. */
    public static final Story NONE = new Story(false, "", "", "");

    /** The story aggregate. */
    public static final Decider<StoryCommand, Story, StoryEvent> DECIDER = Decider.of(NONE, Story::decide, Story::evolve);

    static Decision<StoryEvent> decide(StoryCommand command, Story story) {
        if (command instanceof DraftStory draft) {
            return story.drafted() ? Decision.reject("story-exists", "the story was drafted already")
                    : Decision.accept(new StoryDrafted(draft.title()));
        }
        if (!story.drafted()) {
            return Decision.reject("no-story", "draft the story first");
        }
        return switch (command) {
            case DraftStory d -> throw new IllegalStateException("handled above");
            case ChangeTitle c when c.title().isBlank() -> Decision.reject("blank-title", "a story needs a title");
            case ChangeTitle c -> Decision.accept(new TitleChanged(c.title()));
            case ChangeSummary c -> Decision.accept(new SummaryChanged(c.summary()));
            case ChangeBody c -> Decision.accept(new BodyChanged(c.body()));
            case RevertTo r when !r.then().drafted() ->
                    Decision.reject("nothing-to-revert-to", "the story did not exist at revision " + r.revision());
            case RevertTo r -> Decision.accept(compensate(r.revision(), story, r.then()));
        };
    }

    /** The events that turn {@code now} back into {@code then}: none when they are alike. */
    private static List<StoryEvent> compensate(long revision, Story now, Story then) {
        List<StoryEvent> changes = new ArrayList<>();
        if (!now.title().equals(then.title())) {
            changes.add(new TitleChanged(then.title()));
        }
        if (!now.summary().equals(then.summary())) {
            changes.add(new SummaryChanged(then.summary()));
        }
        if (!now.body().equals(then.body())) {
            changes.add(new BodyChanged(then.body()));
        }
        if (!changes.isEmpty()) {
            changes.addFirst(new StoryReverted(revision));
        }
        return changes;
    }

    static Story evolve(Story story, StoryEvent event) {
        return switch (event) {
            case StoryDrafted d -> new Story(true, d.title(), "", "");
            case TitleChanged t -> new Story(true, t.title(), story.summary(), story.body());
            case SummaryChanged s -> new Story(true, story.title(), s.summary(), story.body());
            case BodyChanged b -> new Story(true, story.title(), story.summary(), b.body());
            case StoryReverted r -> story;
        };
    }
}
