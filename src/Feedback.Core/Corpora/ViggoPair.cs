namespace Feedback.Core.Corpora;

/// <summary>One example of the ViGGO corpus in the product's direction: the player's text and its meaning representation.</summary>
/// <param name="Line">The record's number in the file (1-based, header excluded), for error messages and ids.</param>
/// <param name="Text">The utterance (the corpus's <c>ref</c> or <c>target</c>), trimmed; empty when the record has none.</param>
/// <param name="Mr">The meaning representation as published (the corpus's <c>mr</c> or <c>meaning_representation</c>); empty when the record has none.</param>
public sealed record ViggoPair(long Line, string Text, string Mr);
