namespace Bot.Conversation;

/// <summary>Everything the bot says that does not come from knowledge/, in one place to review.</summary>
public sealed class Replies(string phone)
{
    public const string BookAssessment = "Book a free assessment";
    public const string SomethingElse = "Something else";
    public const string NotHelpful = "Not helpful";

    public string Phone { get; } = phone;

    public string Welcome =>
        "Hi, I'm the clinic's automated assistant. I share general information from the clinic's own " +
        "educational content about ketamine infusions. I'm not a clinician and can't give medical advice.\n\n" +
        "You can ask me things like what an infusion feels like, about side effects, or how treatment works.";

    public static readonly string[] StarterQuestions =
        ["What does an infusion feel like?", "What are the side effects?", "How does treatment work?"];

    public string Greeting =>
        "Hello! I can answer general questions about ketamine infusions from the clinic's content. What would you like to know?";

    public string Thanks => "You're welcome. Is there anything else you'd like to know?";

    public string Goodbye => $"Take care. If you think of anything else, I'm here, or you can call the clinic at {Phone}.";

    public string Capabilities =>
        "I'm an automated assistant. I can share general information from the clinic's content: what an infusion " +
        "feels like, side effects and safety, how treatment works, who it may help, and how to book the clinic's " +
        "free assessment. I can't give personal medical advice.";

    public string AreYouABot =>
        "I'm an automated assistant, not a person. I share general information from the clinic's content. " +
        $"If you'd like to talk with someone from the clinic, you can call {Phone} or book a free assessment and the team will contact you.";

    public string Human =>
        $"I'm an automated assistant, so I can't connect you to a person here. You can call the clinic at {Phone}, " +
        "or book a free assessment and the team will get in touch with you.";

    public string Crisis =>
        "I'm really sorry you're feeling this way. You deserve support right now.\n\n" +
        "- **Call or text 988** to reach the 988 Suicide & Crisis Lifeline (24/7), or chat at 988lifeline.org.\n" +
        "- **Text HOME to 741741** to reach the Crisis Text Line.\n" +
        "- **If you are in immediate danger, call 911** or go to the nearest emergency room.\n\n" +
        "I'm an automated assistant, not a crisis service. The people at 988 can talk with you right now. " +
        "I'm still here if you want to keep talking.";

    public string CrisisForSomeoneElse =>
        "I'm really sorry you're going through this with someone you care about. Help is there for them, and for you:\n\n" +
        "- **Call or text 988**, the Suicide & Crisis Lifeline (24/7). It also supports people who are worried about " +
        "someone else and can talk you through what to do. You can chat at 988lifeline.org too.\n" +
        "- **If they are in immediate danger, call 911** or get them to the nearest emergency room, and stay with them if you can.\n" +
        "- **Text HOME to 741741** to reach the Crisis Text Line.\n\n" +
        "I'm an automated assistant, not a crisis service, but I'm here if you want to keep talking.";

    /// <summary>After crisis resources, for messages of distress: short, kind, and the way to 988 again.</summary>
    public string Supportive =>
        "I'm sorry it feels this hard. I'm an automated assistant, not a crisis service, so please reach out to people " +
        "who can be with you in this: **call or text 988** any time, day or night, or chat at 988lifeline.org. " +
        "If you're in immediate danger, call 911.";

    /// <summary>The one line under an ordinary answer while the conversation is in supportive mode.</summary>
    public string SupportReminder => "If things feel heavy again, you can call or text 988 any time, day or night.";

    /// <summary>A question about ketamine and suicidal thoughts: what the content can say, with the resources beside it.</summary>
    public string KetamineAndSuicidalThoughts =>
        "The clinic's content doesn't cover ketamine for suicidal thoughts, so that's a question for a clinician: the " +
        $"free assessment includes a conversation with one, or you can call {Phone}. If you're having thoughts of " +
        "suicide yourself, you don't have to wait for that: you can call or text 988 (Suicide & Crisis Lifeline) any time, day or night.";

    public string Fallback =>
        "I'm sorry, I don't have information on that in the clinic's content. I can help with questions about what " +
        "an infusion feels like, side effects, safety and how treatment works. For anything else, the clinic's team " +
        $"can help during a free assessment, or you can call {Phone}.";

    public string SecondMiss =>
        "I'm sorry I haven't been able to find that for you. Rather than keep guessing, the clinic's team can answer " +
        $"you directly: book a free assessment and they'll call you back, or call {Phone}.";

    public string DidYouMean => "I'm not completely sure what you're asking. Did you mean one of these?";

    public string Vague => "Could you tell me a little more about what you'd like to know? For example, how an infusion feels, side effects, or how treatment works.";

    public string Rephrase => "No problem. Could you ask it another way? A few words about what you'd like to know are enough.";

    public string Empty => "I didn't catch any text there. What would you like to know about ketamine infusions?";

    public string AdviceDeferral =>
        "That depends on your own health and history, so only a clinician who knows you can answer it. I can't " +
        "give personal medical advice or doses. The clinic's free assessment includes a conversation with a " +
        $"clinician, or you can call {Phone}.";

    public string NotHelpfulTopics =>
        "Thanks for telling me, that helps the clinic improve these answers. Maybe one of these is closer to what you were asking:";

    public string NotHelpfulAssessment =>
        "Thanks for telling me, that helps the clinic improve these answers. The clinic's team can answer you " +
        $"directly: book a free assessment and they'll contact you, or call {Phone}.";

    public string AdviceGeneralFact(string answer) => "In general terms, from the clinic's content: " + answer;
}
