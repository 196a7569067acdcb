"""A spam filter: logistic regression on a bag of words, trained with BCE (exported by tui-tutor).

The code comes first; the e-mails and the vocabulary are written at its end.
"""
import re

import torch
import torch.nn.functional as F


def bag_of_words(text, vocabulary):
    """x: how often each vocabulary word occurs in `text` (other words are ignored)."""
    words = re.findall("[a-z]+", text.lower())
    return torch.tensor([float(words.count(word)) for word in vocabulary], dtype=torch.float64)


def main(emails, vocabulary, text):
    x = torch.stack([bag_of_words(message, vocabulary) for message, _ in emails])
    y = torch.tensor([float(is_spam) for _, is_spam in emails], dtype=torch.float64)
    generator = torch.Generator().manual_seed($seed)
    w = (0.01 * torch.randn(len(vocabulary), dtype=torch.float64, generator=generator)).requires_grad_()
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=$lr)  # η
    for epoch in range($epochs):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(x @ w + b, y)  # mean BCE of ŷ = σ(w·x + b)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        z = x @ w + b
        print(f"final_loss = {F.binary_cross_entropy_with_logits(z, y).item()!r}")
        print(f"accuracy = {((z >= 0) == (y > 0.5)).double().mean().item()!r}")
        print(f"weight_norm = {w.norm().item()!r}")
        print(f"p_spam = {torch.sigmoid(bag_of_words(text, vocabulary) @ w + b).item()!r}")


TEXT = $text  # your e-mail
# [text, is_spam]: the lesson's e-mails
EMAILS = $emails
# the words that best separate spam from not spam in EMAILS
VOCABULARY = $vocabulary
main(EMAILS, VOCABULARY, TEXT)
