"""Hand-written sentence fragments and the composer that turns them into messages.

A message is built from an optional greeting, one core sentence (either a company-specific
sentence about a topic, or a generic template filled with one of the topic's nouns), an
optional follow-up and an optional sign-off, all chosen to match one tone (positive, neutral,
negative). The fragments are written so that VADER scores the tones as intended and a sentence
embedding finds the topic, without any one template dominating.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TONES = ("positive", "neutral", "negative")

FIRST_NAMES = [
    "Maya",
    "Liam",
    "Noah",
    "Ava",
    "Ethan",
    "Zoe",
    "Omar",
    "Priya",
    "Lucas",
    "Chloe",
    "Mateo",
    "Hana",
    "Daniel",
    "Grace",
    "Tomas",
    "Aisha",
    "Felix",
    "Nora",
    "Samuel",
    "Leah",
    "Arjun",
    "Ines",
    "Jonah",
    "Clara",
    "Diego",
    "Mei",
    "Oscar",
    "Ruth",
    "Hugo",
    "Amara",
    "Leo",
    "Freya",
    "Kofi",
    "Sofia",
    "Adam",
    "Yara",
    "Isaac",
    "Elena",
    "Ravi",
    "Tessa",
    "Marco",
    "Julia",
    "Caleb",
    "Nadia",
    "Owen",
    "Lila",
    "Jamal",
    "Vera",
    "Emil",
    "Rosa",
    "Theo",
    "Alma",
    "Kenji",
    "Iris",
    "Malik",
    "Anya",
    "Ben",
    "Carmen",
    "Dev",
    "Helen",
    "Ivan",
    "Jade",
    "Kai",
    "Luz",
    "Milo",
    "Nia",
    "Paolo",
    "Quinn",
    "Rhea",
    "Sami",
    "Tara",
    "Umar",
    "Wren",
    "Xavier",
    "Yusuf",
    "Zara",
    "Anton",
    "Bea",
    "Cyrus",
    "Dina",
    "Elliot",
    "Fatima",
    "Gus",
    "Hira",
    "Ilya",
    "Joy",
    "Karim",
    "Lena",
    "Moses",
    "Olive",
    "Pablo",
    "Rami",
    "Selma",
    "Tobias",
    "Uma",
    "Viktor",
    "Willa",
]

LAST_NAMES = [
    "Chen",
    "Okafor",
    "Rossi",
    "Novak",
    "Haddad",
    "Larsen",
    "Moreau",
    "Tanaka",
    "Silva",
    "Kowalski",
    "Nguyen",
    "Murphy",
    "Ibrahim",
    "Fischer",
    "Alvarez",
    "Singh",
    "Dubois",
    "Petrov",
    "Mensah",
    "Costa",
    "Becker",
    "Yilmaz",
    "Kim",
    "Walsh",
    "Hughes",
    "Patel",
    "Lindqvist",
    "Romero",
    "Sato",
    "Brennan",
    "Adeyemi",
    "Varga",
    "Horvat",
    "Quinn",
    "Ortiz",
    "Lambert",
    "Nakamura",
    "Duarte",
    "Osei",
    "Berg",
    "Fontaine",
    "Reyes",
    "Kaur",
    "Marsh",
    "Holm",
    "Abbott",
    "Castro",
    "Delgado",
    "Eriksen",
    "Farah",
    "Gallo",
    "Hale",
    "Iyer",
    "Jensen",
    "Keller",
    "Lowe",
    "Mahmoud",
    "Nilsen",
    "Oyelaran",
    "Price",
    "Rahman",
    "Stone",
    "Torres",
    "Underwood",
    "Vance",
    "Wright",
    "Young",
    "Zhou",
    "Baptiste",
    "Carver",
    "Doyle",
    "Ekwueme",
    "Ferreira",
    "Grant",
    "Hoffman",
    "Ito",
    "Jovanovic",
]

GREETINGS: dict[str, tuple[str, ...]] = {
    "positive": (
        "Hi all!",
        "Hey team!",
        "Morning everyone!",
        "Good news:",
        "Quick shout-out:",
        "Hi {person}!",
        "Hey {person}!",
        "Team:",
        "Yay!",
    ),
    "neutral": (
        "Hi all:",
        "Morning!",
        "Quick one:",
        "FYI:",
        "Hi {person}!",
        "Heads up:",
        "Hello!",
        "{person}:",
        "Re your note:",
        "Update:",
    ),
    "negative": (
        "Ugh.",
        "Ok so:",
        "{person}:",
        "Again:",
        "Honestly?",
        "Look:",
        "FYI:",
        "Sigh.",
    ),
}

CLOSERS: dict[str, tuple[str, ...]] = {
    "positive": (
        "Thanks!",
        "Cheers!",
        "Nice one.",
        "Thank you all.",
        "Proud of this team.",
        "Keep it up!",
        ":)",
        "Great stuff.",
    ),
    "neutral": (
        "Thanks.",
        "Cheers.",
        "Let me know.",
        "Ta.",
        "Shout if that's a problem.",
        "More tomorrow.",
        "Will update.",
    ),
    "negative": (
        "Whatever.",
        "Not great.",
        "Fix it please.",
        "Sigh.",
        "This has to stop.",
        "Really tired of this.",
        "Unbelievable.",
    ),
}

TIMES = ("this week", "today", "on Friday", "this afternoon", "on Saturday", "this month")
PAST = (
    "this morning",
    "today",
    "yesterday",
    "last week",
    "on Friday",
    "over the weekend",
    "this afternoon",
    "on Monday",
    "at the weekend",
    "last night",
)
FUTURE = (
    "tomorrow",
    "on Friday",
    "next week",
    "by Thursday",
    "first thing tomorrow",
    "after lunch",
    "tonight",
    "before close",
    "on Monday",
    "this afternoon",
    "on Saturday",
)

GENERIC: dict[str, tuple[str, ...]] = {
    "positive": (
        "Really happy with how the {thing} turned out {past}.",
        "Great job on the {thing}, {person}!",
        "Customers loved the {thing} {past}, thanks everyone.",
        "The {thing} went really well {past}, nice work.",
        "Love the new approach to the {thing}.",
        "Huge thanks to {person} for sorting the {thing} so quickly.",
        "The {thing} looks fantastic, well done.",
        "Glad we took the time on the {thing}; it paid off.",
        "Brilliant work on the {thing} {past}.",
        "So pleased with the {thing}, it is better than ever.",
        "{person} did an amazing job with the {thing}.",
        "Excellent feedback on the {thing} {past}!",
        "The {thing} is in great shape, thanks for the care.",
        "Nice to see the {thing} improving every week.",
        "Proud of the {thing} we shipped {past}.",
        "Everyone pitched in on the {thing} and it shows. Awesome.",
        "Thank you for covering the {thing}, {person}, much appreciated.",
        "The {thing} was a real win {past}.",
        "Enjoyed working on the {thing} with you all.",
        "Good progress on the {thing}, happy with where we are.",
    ),
    "neutral": (
        "Can someone check the {thing} {future}?",
        "Moving the {thing} to {future}.",
        "Reminder: the {thing} is due {future}.",
        "Who is on the {thing} {future}?",
        "I've updated the notes on the {thing}.",
        "The {thing} is scheduled for {future}.",
        "{person}, can you take the {thing} {future}?",
        "Please log anything about the {thing} in the sheet.",
        "Is the {thing} still on for {future}?",
        "Added the {thing} to the list for {future}.",
        "Where are we with the {thing}?",
        "Sending the {thing} details over now.",
        "The {thing} numbers are in the shared folder.",
        "I'll look at the {thing} {future}.",
        "Swapping shifts with {person} {future} for the {thing}.",
        "Does anyone have the latest on the {thing}?",
        "Checking in on the {thing} before {future}.",
        "Noted on the {thing}, will follow up {future}.",
        "Meeting about the {thing} {future}, 15 minutes.",
        "We need a decision on the {thing} {future}.",
    ),
    "negative": (
        "The {thing} was a mess again {past}.",
        "I'm honestly fed up with the {thing} situation.",
        "Another complaint about the {thing} {past}, this is getting ridiculous.",
        "Nobody told me the {thing} had changed. Frustrating.",
        "The {thing} is broken and no one seems to care.",
        "Why is the {thing} still a problem?",
        "I had to redo the {thing} {past} because it was wrong.",
        "Terrible {past} with the {thing}, really stressful.",
        "The {thing} keeps going wrong and I'm tired of covering for it.",
        "Not happy about the {thing}. We were promised this would be fixed.",
        "Angry customer about the {thing} {past}, I had no good answer.",
        "The {thing} problem is making everyone miserable.",
        "Awful shift, the {thing} fell apart {past}.",
        "I'm worried about the {thing}; it's getting worse.",
        "Stuck on the {thing} again with no help.",
        "The {thing} is a disaster and we keep ignoring it.",
        "Sick of hearing the same excuses about the {thing}.",
        "Disappointed with how the {thing} was handled {past}.",
        "The {thing} failed {past}. Again.",
        "Can't keep doing the {thing} like this, it's hopeless.",
    ),
}

EXTRAS: dict[str, tuple[str, ...]] = {
    "positive": (
        "Really good to see.",
        "Let's keep this going.",
        "You made my day.",
        "Lovely work.",
        "That's the standard we want.",
        "Customers noticed, too.",
        "Thanks for the extra effort.",
        "Such a good team.",
        "Happy days.",
        "Well deserved.",
    ),
    "neutral": (
        "Let me know by noon.",
        "Details in the doc.",
        "No rush.",
        "I'll confirm later.",
        "Same as last time.",
        "Ping me if unclear.",
        "See the rota.",
        "Back in an hour.",
        "Copying {person}.",
        "Notes to follow.",
    ),
    "negative": (
        "Not sure anyone cares anymore.",
        "This keeps happening.",
        "I'm exhausted.",
        "Nobody listens.",
        "It's embarrassing.",
        "We look bad.",
        "I give up.",
        "Seriously annoying.",
        "People are unhappy.",
        "What a waste.",
    ),
}

VAGUE_PRIORITIES = (
    "just sell more",
    "I don't know",
    "hit the numbers",
    "Not sure, nobody really says.",
    "sell more, spend less i guess",
    "keep the boss happy",
    "get through the week",
    "whatever management decides this month",
    "No idea, it changes all the time.",
    "make money",
    "Hit the monthly target I suppose",
    "?",
    "do more with less",
    "numbers numbers numbers",
    "I think cutting costs? not sure",
    "Don't really know what the priorities are.",
    "Volume. Push volume.",
    "survive",
    "growth? I guess",
    "Keep the lights on.",
    "the promotions",
    "Whatever gets the sales up",
)

WORKPLACE: dict[str, tuple[str, ...]] = {
    "positive": (
        "I feel supported by my manager and I'm learning a lot.",
        "Great team, people really help each other here.",
        "I love the work and I'm proud of what we make.",
        "Training this quarter was really useful.",
        "Clear goals and good communication, thank you.",
        "Happy here, the culture is friendly and open.",
        "I enjoy coming to work, we do things properly.",
        "Good balance, fair schedules, and people say thanks.",
        "I appreciate that leadership explains the why.",
        "Feels like my ideas are heard and acted on.",
    ),
    "neutral": (
        "It's fine overall, a few process things to sort out.",
        "Schedules could be posted earlier.",
        "Mostly OK. Would like more clarity on next year.",
        "Some weeks are busy, some quiet, it evens out.",
        "No strong feelings this quarter.",
        "Tools are adequate; the handover notes could be better.",
        "Would like more regular one-to-ones.",
        "Nothing major to report.",
    ),
    "negative": (
        "I feel ignored and nobody trains us properly.",
        "Morale is terrible, people are leaving and nobody cares.",
        "Too much pressure, not enough support. Exhausted.",
        "Management only cares about cost cutting, it's frustrating.",
        "I'm not proud of what we sell anymore.",
        "Communication is awful, we find out about changes last.",
        "Stressful, understaffed and unappreciated.",
        "I'm looking for another job, honestly.",
        "Customers are angry and we get the blame.",
        "Promises are made and never kept. Disappointing.",
    ),
}


@dataclass(frozen=True)
class Topic:
    """What a group talks about: nouns for the generic templates and own sentences per tone."""

    things: tuple[str, ...]
    positive: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()

    def own(self, tone: str) -> tuple[str, ...]:
        return {"positive": self.positive, "neutral": self.neutral, "negative": self.negative}[tone]


@dataclass
class Composer:
    """Writes messages and survey comments from the fragments above and a company's topics."""

    topics: Mapping[str, Topic]
    rnd: random.Random
    own_share: float = 0.55
    names: Sequence[str] = field(default_factory=lambda: ("Sam",))

    def _fill(self, text: str, topic: Topic) -> str:
        r = self.rnd
        if "{" not in text:
            return text
        return text.format(
            thing=r.choice(topic.things),
            time=r.choice(TIMES),
            past=r.choice(PAST),
            future=r.choice(FUTURE),
            person=r.choice(self.names),
        )

    def message(self, topic_name: str, tone: str) -> str:
        r = self.rnd
        topic = self.topics[topic_name]
        own = topic.own(tone)
        # a topic with few own sentences mostly borrows the generic templates
        use_own = bool(own) and r.random() < self.own_share * min(1.0, len(own) / 5)
        core = r.choice(own) if use_own else r.choice(GENERIC[tone])
        parts = []
        if r.random() < 0.3:
            parts.append(r.choice(GREETINGS[tone]))
        parts.append(core)
        if r.random() < 0.3:
            parts.append(r.choice(EXTRAS[tone]))
        if r.random() < 0.2:
            parts.append(r.choice(CLOSERS[tone]))
        return self._fill(" ".join(parts), topic)

    def comment(self, tone: str) -> str:
        r = self.rnd
        text = r.choice(WORKPLACE[tone])
        if r.random() < 0.35:
            text += " " + r.choice(EXTRAS[tone]).replace("Copying {person}.", "That's all.")
        return text

    def priorities(self, aligned: Sequence[str], p_aligned: float) -> str:
        """A free-text answer to "what are the company's top priorities?"."""
        r = self.rnd
        if r.random() >= p_aligned:
            return r.choice(VAGUE_PRIORITIES)
        k = 1 + (r.random() < 0.6) + (r.random() < 0.25)
        picked = r.sample(list(aligned), k=min(k, len(aligned)))
        if len(picked) == 1:
            body = picked[0]
        else:
            body = (
                ", ".join(picked[:-1])
                + r.choice((" and ", ", and ", "; also ", " plus "))
                + (picked[-1])
            )
        prefix = r.choice(
            (
                "",
                "",
                "",
                "I think ",
                "For me: ",
                "Mostly ",
                "Our priorities are ",
                "To me it's ",
                "Top of the list: ",
            )
        )
        text = prefix + body
        return text[0].upper() + text[1:] + r.choice((".", ".", "", "!"))
