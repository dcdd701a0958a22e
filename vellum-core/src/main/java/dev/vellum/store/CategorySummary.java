package dev.vellum.store;

/**
 * One category as {@link StreamCatalog#listCategories} lists it.
 *
 * @param name the category, as {@link StreamId#category()} gives it
 * @param streams how many streams were ever written in it, deleted ones too
 */
public record CategorySummary(String name, long streams) {
}
