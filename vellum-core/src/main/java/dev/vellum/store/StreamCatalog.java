package dev.vellum.store;

import java.util.List;

/**
 * Lists what the store holds, for operators and tools: its streams by name, with a prefix search,
 * and its categories with how many streams each has. Both page by name: pass the last name of a
 * page as {@code after} to get the next one. Names are ordered by Unicode code point (the order of
 * their UTF-8 bytes), in every store. Counting the streams of a prefix reads as many index entries.
 */
public interface StreamCatalog {

    /**
     * Up to {@code limit} streams whose names start with {@code prefix} and come after
     * {@code after}, in name order. Every stream ever written is listed, deleted ones too, with its
     * {@link StreamSummary.Status status}.
     *
     * @param prefix the start every name listed has; empty for all
     * @param after list only names after this one; empty to start with the first
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<StreamSummary> listStreams(String prefix, String after, int limit);

    /**
     * Up to {@code limit} categories after {@code after} (empty to start with the first, which may
     * be the empty category of a name such as {@code -x}), in name order, each with the number of
     * streams ever written in it (deleted ones too).
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<CategorySummary> listCategories(String after, int limit);

    /**
     * How many streams were ever written whose names start with {@code prefix} (empty for all),
     * deleted ones too: as many as {@link #listStreams} would list across all its pages.
     */
    long countStreams(String prefix);
}
