package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.decider.CommandHandler;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/**
 * Matches when the application declares a command handler to meter: a {@code CommandHandler} bean, or a
 * {@code CommandEndpoint} bean of {@code vellum-server} (named, so that the condition does not match, and
 * loads nothing, without it).
 */
class OnCommandHandlers extends AnyNestedCondition {

    OnCommandHandlers() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(CommandHandler.class)
    static class Handlers {
    }

    @ConditionalOnBean(type = "dev.vellum.server.CommandEndpoint")
    static class Endpoints {
    }
}
