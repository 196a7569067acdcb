"""The spam filter's built-in example e-mails: (text, is_spam), written for this tutor.

The first two are the lecture slides' examples: the POWERBALL lottery e-mail (spam) and
the call for internship panelists for the PAT seminar (not spam).
"""

from __future__ import annotations

EMAILS: tuple[tuple[str, bool], ...] = (
    (
        "POWERBALL POWERPLAY CONGRATULATIONS!! Your Email was selected in Powerball Lottery "
        "Draw with the sum of 1.5million dollars. Kindly send your Full Name, Address and "
        "Phone Number for claims. Yours Sincerely Mr. James Hodges Head Of Operations",
        True,
    ),
    (
        "Call for Panelists with Internship/work Experience for PAT Seminar. Hi folks, We are "
        "planning an internship panel for our PAT seminar this Friday. That being said, we'll "
        "need some panelists! If you did an internship this summer (or previously) or have "
        "experience working in the industry, please let me know! Also, feel free to recommend "
        "anyone who you think would be a good panelist for this topic. The goal of the panel is "
        "to give you a sense of what the application process/timeline is like and what the whole "
        "internship experience is like. Looking forward to hearing from you! And see you on "
        "Friday! Best, Herman",
        False,
    ),
    # spam
    ("You are a WINNER! Claim your free prize now, click the link before the offer expires.", True),
    ("URGENT: your bank account has been suspended. Verify your password at the link below.", True),
    ("Congratulations, you have won a free cruise. Reply with your address to claim it.", True),
    ("Earn cash fast from home! Guaranteed income, no experience needed. Click here.", True),
    ("Limited time offer: 90% discount on luxury watches. Buy now, only today!", True),
    ("Dear friend, I am a prince and need your help to transfer 10 million dollars. Kindly reply.", True),
    ("Your loan is pre-approved! Get cash now with no credit check. Apply today.", True),
    ("Act now! Cheap pills delivered to your door, discreet shipping, best price guaranteed.", True),
    ("You have been selected for an exclusive bitcoin investment. Double your money in a week.", True),
    ("FINAL NOTICE: claim your unclaimed inheritance of 2.5 million dollars. Send your bank details.", True),
    ("Win an iPhone! You are our lucky visitor today. Click to claim your free reward.", True),
    ("Your account password expires today. Click the link and verify your login immediately.", True),
    ("Make money online! Join thousands earning cash daily. Risk free, guaranteed results.", True),
    ("Congratulations! Your email won the international lottery. Send your full name and phone number.", True),
    ("Hot singles in your area want to meet you. Click now, it's free!", True),
    ("Exclusive deal just for you: free gift card worth 500 dollars. Claim before midnight!", True),
    ("Lose 20 pounds in 10 days! Miracle pills, order now and get a free bottle.", True),
    ("Your package could not be delivered. Pay the small fee now to release your parcel.", True),
    ("Crypto opportunity of a lifetime! Invest 250 dollars today and earn 5000 guaranteed.", True),
    ("Dear customer, unusual activity on your credit card. Confirm your details to avoid closure.", True),
    ("Cheap meds online, no prescription needed. Huge discount, order today!", True),
    ("You have a pending cash prize. Kindly send your bank account number to receive the money.", True),
    ("Get rich quick with this secret method. Limited spots, act now, 100% free to join!", True),
    ("Winner notification: your phone number won our mega draw. Contact our claims agent now.", True),
    # not spam
    ("Hi all, the lecture slides for Deep Learning Fundamentals are now posted on the course site.", False),
    ("Reminder: assignment 1 is due Friday at 11:59pm. Please submit on Gradescope.", False),
    ("Can we move our meeting to Thursday afternoon? I have a studio session on Wednesday.", False),
    ("Thanks for the feedback on my draft. I attached the revised paper, let me know what you think.", False),
    ("Rehearsal is at 7pm in the recital hall tonight. Please bring your scores.", False),
    ("Office hours this week are moved to Tuesday 3pm because of the faculty meeting.", False),
    ("The mix sounds great! Could you turn the vocals up a little in the second chorus?", False),
    ("Lunch tomorrow? There is a new place near the music school we could try.", False),
    ("Here are my notes from today's lab on gradient descent and backpropagation.", False),
    ("The concert recording is ready. I uploaded the audio files to the shared folder.", False),
    ("Hi professor, I have a question about the loss functions from lecture 5.", False),
    ("Our project group meets in the library at 4pm to plan the final presentation.", False),
    ("Please review my pull request when you have time; I fixed the bug in the training code.", False),
    ("The seminar speaker this Friday will talk about generative models for music.", False),
    ("Happy birthday! Hope you have a wonderful day with your family.", False),
    ("Could you send me the dataset you used for the experiment? I want to reproduce the results.", False),
    ("The studio is booked for our band on Saturday from 2 to 6. See you there.", False),
    ("Grades for the midterm project are posted. Let me know if you have any questions.", False),
    ("I will be late to class today, my bus is delayed. Sorry about that.", False),
    ("Thank you for coming to the workshop yesterday. The slides and code are attached.", False),
    ("We are planning a reading group on audio codecs. Would you like to join us?", False),
    ("Your conference paper was accepted! Reviews are attached, camera ready is due next month.", False),
    ("Can you help me debug the tensor shapes in my model? The training loss is not going down.", False),
    ("See you at the department picnic on Sunday. Please bring a dish to share.", False),
)
"""Example e-mails and whether each is spam (about half are)."""
