"""The source note's data, defined once: its class names, the three images, the cross-entropy rows.

Every page, figure, experiment and test that shows the note's numbers takes them from here
(the note: ``shared/seed/multiclass-svm-loss.md``). Plain tuples, no numpy: importing this
module costs nothing.

- ``CLASS_NAMES``: 10 names, the note's three (``NOTE_CLASSES``: cat, car, frog) first.
- ``IMAGES``: image name -> (its 3 scores for cat, car, frog; its correct class).
- ``BATCH``, ``BATCH_LABELS``: the same as a (3, 3) batch of scores and 3 labels;
  ``IMAGE_LOSSES`` and ``BATCH_MEAN`` are what the note computes from them.
- ``CE_ROWS``, ``CE_LABELS``: the cross-entropy section's (3, 3) scores and 3 labels.

Examples
--------
>>> IMAGES["cat"]
((3.2, 5.1, -1.7), 0)
>>> [name for name, (scores, label) in IMAGES.items() if CLASS_NAMES[label] != name]
[]
"""

# The note's three classes first (its CIFAR-10 example), then more CIFAR-10 classes for a page
# that shows up to ten.
CLASS_NAMES = ("cat", "car", "frog", "plane", "ship", "truck", "deer", "dog", "horse", "bird")
NOTE_CLASSES = CLASS_NAMES[:3]

# The note's table: each image's scores for (cat, car, frog), and its correct class.
IMAGES = {
    "cat": ((3.2, 5.1, -1.7), 0),
    "car": ((1.3, 4.9, 2.0), 1),
    "frog": ((2.2, 2.5, -3.1), 2),
}
BATCH = tuple(scores for scores, _ in IMAGES.values())  # one row per image, in the note's order
BATCH_LABELS = tuple(label for _, label in IMAGES.values())
# What the note computes from them: each image's loss (2.9, 0, 12.9) and their mean, 5.27 rounded.
IMAGE_LOSSES = (2.9, 0.0, 12.9)
BATCH_MEAN = 15.8 / 3

# The note's last section: three rows where the SVM loss is 0 and cross-entropy is not; class 0 is
# correct in each.
CE_ROWS = ((10.0, -2.0, 3.0), (10.0, 9.0, 9.0), (10.0, -100.0, -100.0))
CE_LABELS = (0, 0, 0)
