"""The content: lessons and their schema, quiz selection and grading, the learner's progress."""
